/*
 * test_uscc.c — unified social credit code (GB 32100-2015, R-1.2): normalisation, the three kinds
 * of refusal, check character computation, the optional organisation-code check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "zizhi/uscc.h"

static const char ALPHA[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Checks in and expects a refusal whose English message contains want. */
static void assert_refused(const char *in, const char *want)
{
    char out[ZZ_USCC_LEN + 1] = "dirty";
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_uscc_check(out, in, &err), ZZ_EINVAL);
    assert_int_equal(err.rc, ZZ_EINVAL);
    assert_string_equal(err.code, "input.uscc");
    assert_string_equal(err.rule, "R-1.2");
    assert_string_equal(out, "");
    if (!strstr(err.message, want)) fail_msg("message \"%s\" lacks \"%s\"", err.message, want);
    assert_true(err.message_zh[0] != '\0');
    assert_false(zz_uscc_valid(in));
}

static void test_uscc__r1_2_domain_examples_are_valid(void **state)
{
    (void)state;
    char out[ZZ_USCC_LEN + 1];
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_uscc_check(out, "91350100M000100Y43", &err), ZZ_OK);
    assert_string_equal(out, "91350100M000100Y43");
    assert_int_equal(zz_uscc_check(out, "91110000600037341L", &err), ZZ_OK);
    assert_string_equal(out, "91110000600037341L");
    assert_true(zz_uscc_valid("91350100M000100Y43"));
}

static void test_uscc__r1_2_wrong_check_character_names_expected(void **state)
{
    (void)state;
    assert_refused("911100001000014186", "wrong check character '6', expected 'H'");
    zz_err err = ZZ_ERR_INIT;
    zz_uscc_check(NULL, "911100001000014186", &err);
    assert_non_null(strstr(err.message_zh, "应为“H”"));
    assert_non_null(strstr(err.message, "911100001000014186"));
    assert_refused("91350100M000100Y44", "expected '3'");
}

static void test_uscc__r1_2_normalises_fullwidth_lowercase_and_spaces(void **state)
{
    (void)state;
    char out[ZZ_USCC_LEN + 1];
    zz_err err = ZZ_ERR_INIT;
    /* full-width digits and letters, lower case, ideographic and ASCII spaces around */
    const char *fw = "\xE3\x80\x80 "
                     "\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x95\xEF\xBC\x90\xEF\xBC\x91"
                     "\xEF\xBC\x90\xEF\xBC\x90\xEF\xBD\x8D\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x90"
                     "\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x90\xEF\xBD\x99\xEF\xBC\x94\xEF\xBC\x93"
                     "\t\xE3\x80\x80";
    assert_int_equal(zz_uscc_check(out, fw, &err), ZZ_OK);
    assert_string_equal(out, "91350100M000100Y43");
    assert_int_equal(zz_uscc_check(out, "  91110000600037341l\n", &err), ZZ_OK);
    assert_string_equal(out, "91110000600037341L");
    char norm[64];
    assert_int_equal(zz_uscc_normalize(norm, sizeof norm, fw), 18);
    assert_string_equal(norm, "91350100M000100Y43");
}

static void test_uscc__normalize_reports_full_length_when_cut(void **state)
{
    (void)state;
    char small[5];
    assert_int_equal(zz_uscc_normalize(small, sizeof small, " abcdefgh "), 8);
    assert_string_equal(small, "ABCD");
    /* a multi-byte character is never split */
    char two[3];
    assert_int_equal(zz_uscc_normalize(two, sizeof two, "A\xE4\xB8\xAD"), 4);
    assert_string_equal(two, "A");
    assert_int_equal(zz_uscc_normalize(two, sizeof two, NULL), 0);
    assert_string_equal(two, "");
}

static void test_uscc__r1_2_wrong_length_is_refused_with_count(void **state)
{
    (void)state;
    assert_refused("91350100M000100Y4", "wrong length, 17 characters, expected 18");
    assert_refused("91350100M000100Y433", "wrong length, 19 characters, expected 18");
    /* full-width characters count as one character each */
    assert_refused("\xEF\xBC\x99\xEF\xBC\x91", "2 characters");
    assert_refused("", "missing USCC");
    assert_refused("   \xE3\x80\x80", "missing USCC");
    assert_refused(NULL, "missing USCC");
}

static void test_uscc__r1_2_letters_I_O_S_V_Z_refused_with_position(void **state)
{
    (void)state;
    assert_refused("91350100M000100YO3", "invalid character 'O' at position 17");
    assert_refused("9135010OM000100Y43", "invalid character 'O' at position 8");
    assert_refused("I1350100M000100Y43", "invalid character 'I' at position 1");
    assert_refused("9S350100M000100Y43", "invalid character 'S' at position 2");
    assert_refused("91350100V000100Y43", "invalid character 'V' at position 9");
    assert_refused("91350100M000100Y4Z", "invalid character 'Z' at position 18");
    assert_refused("91350100M000-00Y43", "invalid character '-' at position 13");
    assert_refused("91350100M000 00Y43", "invalid character ' ' at position 13");
}

static void test_uscc__r1_2_positions_3_to_8_must_be_digits(void **state)
{
    (void)state;
    assert_refused("91A50100M000100Y43", "invalid character 'A' at position 3");
    assert_refused("913501A0M000100Y43", "position 7 (positions 3-8 must be digits)");
    /* a letter at position 9 is fine: the organisation code may hold letters */
    char out[ZZ_USCC_LEN + 1];
    assert_int_equal(zz_uscc_check(out, "91350100M000100Y43", NULL), ZZ_OK);
}

static void test_uscc__r1_2_non_ascii_character_named_at_its_position(void **state)
{
    (void)state;
    /* 18 characters with 中 at position 10 */
    assert_refused("91350100M\xE4\xB8\xAD"
                   "00100Y43",
                   "invalid character '\xE4\xB8\xAD' at position 10");
    /* control characters are shown as '?' */
    assert_refused("91350100M0\x01"
                   "0100Y43",
                   "invalid character '?' at position 11");
}

static void test_uscc__make_completes_prefix_with_check_character(void **state)
{
    (void)state;
    char out[ZZ_USCC_LEN + 1];
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_uscc_make(out, "91350100M000100Y4", &err), ZZ_OK);
    assert_string_equal(out, "91350100M000100Y43");
    assert_int_equal(zz_uscc_make(out, "91110000100001418", &err), ZZ_OK);
    assert_string_equal(out, "91110000100001418H");
    char c = 0;
    assert_int_equal(zz_uscc_check_char(&c, "91110000600037341", &err), ZZ_OK);
    assert_int_equal(c, 'L');
}

static void test_uscc__make_reaches_every_check_character_and_only_it_is_valid(void **state)
{
    (void)state;
    /* Varying position 17 over the alphabet walks the check character over all 31 values. */
    bool seen[31] = {false};
    char prefix[18] = "91440300MA5F0000?";
    for (int i = 0; i < 31; i++) {
        prefix[16] = ALPHA[i];
        char code[ZZ_USCC_LEN + 1];
        assert_int_equal(zz_uscc_make(code, prefix, NULL), ZZ_OK);
        assert_true(zz_uscc_valid(code));
        seen[strchr(ALPHA, code[17]) - ALPHA] = true;
        for (int j = 0; j < 31; j++) { /* every other check character is refused */
            if (ALPHA[j] == code[17]) continue;
            code[17] = ALPHA[j];
            assert_false(zz_uscc_valid(code));
            zz_uscc_make(code, prefix, NULL);
        }
    }
    for (int i = 0; i < 31; i++)
        assert_true(seen[i]);
}

static void test_uscc__make_refuses_bad_prefix(void **state)
{
    (void)state;
    char out[ZZ_USCC_LEN + 1] = "dirty";
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_uscc_make(out, "91350100M000100Y", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.uscc");
    assert_non_null(strstr(err.message, "expected 17"));
    assert_string_equal(out, "");
    assert_int_equal(zz_uscc_make(out, "91350100M000100YO", &err), ZZ_EINVAL);
    assert_non_null(strstr(err.message, "'O' at position 17"));
    assert_int_equal(zz_uscc_make(out, "91x50100M000100Y4", &err), ZZ_EINVAL);
    assert_non_null(strstr(err.message, "position 3"));
    assert_int_equal(zz_uscc_make(out, NULL, &err), ZZ_EINVAL);
}

static void test_uscc__orgcode_secondary_check_warns_only(void **state)
{
    (void)state;
    assert_true(zz_uscc_orgcode_ok("91350100M000100Y43"));
    assert_true(zz_uscc_orgcode_ok("91110000600037341L"));
    char code[ZZ_USCC_LEN + 1];
    assert_int_equal(zz_uscc_make(code, "91440300MA5F00000", NULL), ZZ_OK);
    assert_true(zz_uscc_valid(code));       /* valid USCC ... */
    assert_false(zz_uscc_orgcode_ok(code)); /* ... whose organisation code check fails (X) */
    assert_false(zz_uscc_orgcode_ok("short"));
    assert_false(zz_uscc_orgcode_ok(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uscc__r1_2_domain_examples_are_valid),
        cmocka_unit_test(test_uscc__r1_2_wrong_check_character_names_expected),
        cmocka_unit_test(test_uscc__r1_2_normalises_fullwidth_lowercase_and_spaces),
        cmocka_unit_test(test_uscc__normalize_reports_full_length_when_cut),
        cmocka_unit_test(test_uscc__r1_2_wrong_length_is_refused_with_count),
        cmocka_unit_test(test_uscc__r1_2_letters_I_O_S_V_Z_refused_with_position),
        cmocka_unit_test(test_uscc__r1_2_positions_3_to_8_must_be_digits),
        cmocka_unit_test(test_uscc__r1_2_non_ascii_character_named_at_its_position),
        cmocka_unit_test(test_uscc__make_completes_prefix_with_check_character),
        cmocka_unit_test(test_uscc__make_reaches_every_check_character_and_only_it_is_valid),
        cmocka_unit_test(test_uscc__make_refuses_bad_prefix),
        cmocka_unit_test(test_uscc__orgcode_secondary_check_warns_only),
    };
    return cmocka_run_group_tests_name("uscc", tests, NULL, NULL);
}

/*
 * uscc.h — the unified social credit code (统一社会信用代码, GB 32100-2015), the applicant's
 * identity.
 *
 * Layout of the 18 characters (positions counted from 1):
 *   1      registration authority (登记管理部门代码)
 *   2      entity category (机构类别代码); "91" is an enterprise
 *   3-8    administrative division code (行政区划码), digits only
 *   9-17   organisation code (主体标识码, GB 11714: 8 characters and its own check character)
 *   18     check character (校验码) over positions 1-17
 * The alphabet is the 31 characters 0-9 A-Z without I, O, S, V and Z. Character values are their
 * index in that alphabet; weights are 3^(i-1) mod 31; check = alphabet[(31 - sum mod 31) mod 31].
 *
 * Input is normalised before it is checked: surrounding white space (ASCII and the ideographic
 * space U+3000) is trimmed, full-width ASCII (U+FF01-U+FF5E) becomes half-width, letters become
 * upper case. A code is stored and compared only in its normalised form.
 *
 * Invariants:
 *   I1  a code accepted by zz_uscc_check is 18 alphabet characters, positions 3-8 digits, and its
 *       18th character is the check character of the first 17.
 *   I2  every refusal has error code "input.uscc" and rule "R-1.2"; the message says which of:
 *       wrong length, invalid character at position N, wrong check character (expected X).
 *   I3  a valid check character proves the code is well formed, not that the entity exists.
 */
#ifndef ZIZHI_USCC_H
#define ZIZHI_USCC_H

#include <stdbool.h>
#include <stddef.h>

#include "zizhi/errors.h"

#define ZZ_USCC_LEN 18

/*
 * Writes the normalised form of in (trimmed, half-width, upper case) into out, cut to cap-1 bytes
 * on a character boundary and always NUL-terminated when cap > 0. Returns the length in bytes of
 * the whole normalised text (like snprintf), so a return >= cap means it was cut.
 */
size_t zz_uscc_normalize(char *out, size_t cap, const char *in);

/*
 * Normalises in and checks it (I1). On success out holds the 18-character code and a NUL. On
 * failure returns ZZ_EINVAL, code "input.uscc" (I2); out is then an empty string.
 */
int zz_uscc_check(char out[ZZ_USCC_LEN + 1], const char *in, zz_err *err);

/* True when in is a valid code after normalisation (zz_uscc_check without the detail). */
bool zz_uscc_valid(const char *in);

/*
 * The check character of a 17-character prefix (already normalised: upper-case alphabet
 * characters, positions 3-8 digits). ZZ_EINVAL "input.uscc" when the prefix is not one.
 */
int zz_uscc_check_char(char *out, const char *prefix17, zz_err *err);

/*
 * Completes a 17-character prefix with its check character, for demo and test data that must be
 * valid: out = prefix17 + check character + NUL. Same refusals as zz_uscc_check_char.
 */
int zz_uscc_make(char out[ZZ_USCC_LEN + 1], const char *prefix17, zz_err *err);

/*
 * The optional secondary check of positions 9-17 as a GB 11714 organisation code (weights
 * 3,7,9,10,5,8,4,2 mod 11). Not every registration authority is known to follow it, so callers
 * may warn on false but must not refuse (domain.md §4). Assumes code passed zz_uscc_check.
 */
bool zz_uscc_orgcode_ok(const char *code);

#endif

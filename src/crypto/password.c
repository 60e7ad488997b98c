/*
 * password.c — argon2id password hashes (libargon2) in the PHC encoded form
 * "$argon2id$v=19$m=…,t=…,p=…$salt$hash": 16-byte random salt, 32-byte hash.
 *
 * The cost parameters are security policy (set by the sec_admin role) and travel inside each
 * encoded hash, so a policy change applies to new hashes while old ones keep verifying.
 */
#include "zizhi/crypto.h"

#include <stdlib.h>
#include <string.h>

#include <argon2.h>

#define ZZ_PW_SALT_LEN 16
#define ZZ_PW_HASH_LEN 32

int zz_pw_hash(char **out, const char *password, const zz_pw_params *params, zz_err *err)
{
    static const zz_pw_params defaults = ZZ_PW_PARAMS_DEFAULT;
    *out = NULL;
    if (!password)
        return zz_err_set(err, ZZ_EINVAL, "input.null", "密码为空指针",
                          "password is a null pointer");
    if (!params) params = &defaults;
    if (params->t_cost < 1 || params->parallelism < 1 ||
        params->m_cost_kib < 8 * params->parallelism)
        return zz_err_set(err, ZZ_EINVAL, "crypto.password_params",
                          "argon2id 参数无效：t=%u m=%u KiB p=%u",
                          "invalid argon2id parameters: t=%u m=%u KiB p=%u", params->t_cost,
                          params->m_cost_kib, params->parallelism);

    unsigned char salt[ZZ_PW_SALT_LEN];
    int rc = zz_random_bytes(salt, sizeof salt, err);
    if (rc < 0) return rc;
    size_t pwlen = strlen(password);
    size_t enclen = argon2_encodedlen(params->t_cost, params->m_cost_kib, params->parallelism,
                                      ZZ_PW_SALT_LEN, ZZ_PW_HASH_LEN, Argon2_id);
    char *enc = malloc(enclen);
    if (!enc) return zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足", "out of memory");
    int a = argon2id_hash_encoded(params->t_cost, params->m_cost_kib, params->parallelism, password,
                                  pwlen, salt, sizeof salt, ZZ_PW_HASH_LEN, enc, enclen);
    if (a != ARGON2_OK) {
        free(enc);
        if (a == ARGON2_MEMORY_ALLOCATION_ERROR)
            return zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足（argon2id）",
                              "out of memory (argon2id)");
        return zz_err_set(err, ZZ_ECRYPTO, "crypto.password_hash", "密码哈希计算失败：%s",
                          "password hashing failed: %s", argon2_error_message(a));
    }
    *out = enc;
    return ZZ_OK;
}

int zz_pw_verify(const char *encoded, const char *password, zz_err *err)
{
    if (!encoded || !password)
        return zz_err_set(err, ZZ_EINVAL, "input.null", "密码或哈希为空指针",
                          "password or hash is a null pointer");
    /* argon2id_verify compares in constant time. */
    int a = argon2id_verify(encoded, password, strlen(password));
    switch (a) {
    case ARGON2_OK:
        return ZZ_OK;
    case ARGON2_VERIFY_MISMATCH:
        return zz_err_set(err, ZZ_EAUTH, "auth.bad_password", "密码错误", "wrong password");
    case ARGON2_MEMORY_ALLOCATION_ERROR:
        return zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足（argon2id）",
                          "out of memory (argon2id)");
    default:
        /* A stored hash that does not decode is corrupt data, not a wrong password. */
        return zz_err_set(err, ZZ_ECRYPTO, "crypto.password_hash_invalid", "存储的密码哈希无效：%s",
                          "stored password hash is invalid: %s", argon2_error_message(a));
    }
}

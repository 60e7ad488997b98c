/*
 * crypto.h — national algorithms and secrets (src/crypto), on OpenSSL 3 EVP and libargon2.
 *
 *   SM3 (GB/T 32905) digests: one-shot, streaming, and of files;
 *   SM2 (GB/T 32918) signatures over SM3 with the distinguishing id "1234567812345678", always set
 *     explicitly (OpenSSL 3.0 otherwise uses an empty id; see stack-notes.md);
 *   the system key pair, made on first use in the data directory (key file mode 0600);
 *   argon2id password hashes; random bytes and tokens.
 *
 * Digests are passed around as lower-case hex strings (ZZ_SM3_HEXLEN + 1 bytes with the NUL).
 * Signatures are DER SEQUENCE{r,s}, carried as base64 text.
 */
#ifndef ZIZHI_CRYPTO_H
#define ZIZHI_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "zizhi/errors.h"

#define ZZ_SM3_LEN 32
#define ZZ_SM3_HEXLEN 64
#define ZZ_SM2_DISTID "1234567812345678"

/* One-shot SM3 of data; out_hex gets 64 hex chars + NUL. */
int zz_sm3_hex(char out_hex[ZZ_SM3_HEXLEN + 1], const void *data, size_t len, zz_err *err);

/* Streaming SM3. Caller frees with zz_sm3_free (also after an error). */
typedef struct zz_sm3 zz_sm3;
int zz_sm3_new(zz_sm3 **out, zz_err *err);
int zz_sm3_update(zz_sm3 *h, const void *data, size_t len, zz_err *err);
int zz_sm3_final_hex(zz_sm3 *h, char out_hex[ZZ_SM3_HEXLEN + 1], zz_err *err);
void zz_sm3_free(zz_sm3 *h);

/* SM3 of a file's content, streamed. */
int zz_sm3_file_hex(char out_hex[ZZ_SM3_HEXLEN + 1], const char *path, zz_err *err);

/* The system's SM2 key pair. Caller frees with zz_sm2_key_free. */
typedef struct zz_sm2_key zz_sm2_key;
/*
 * Loads DIR/keys/system-sm2.pem, creating the key pair (private key file mode 0600, public key
 * beside it as system-sm2.pub.pem) when it does not exist yet.
 */
int zz_sm2_key_load_or_create(zz_sm2_key **out, const char *data_dir, zz_err *err);
/* Loads a public key from PEM text (for verification by others). */
int zz_sm2_pubkey_from_pem(zz_sm2_key **out, const char *pem, zz_err *err);
/* PEM text of the public key; caller frees with free(). */
int zz_sm2_pubkey_pem(char **out, const zz_sm2_key *key, zz_err *err);
void zz_sm2_key_free(zz_sm2_key *key);
/* SM3 of the public key's DER SubjectPublicKeyInfo: a short, stable key fingerprint. */
int zz_sm2_pubkey_sm3_hex(char out_hex[ZZ_SM3_HEXLEN + 1], const zz_sm2_key *key, zz_err *err);

/* Signs data (SM2 over SM3, distid set); *out_b64 is base64 DER, caller frees with free(). */
int zz_sm2_sign(char **out_b64, const zz_sm2_key *key, const void *data, size_t len, zz_err *err);
/* 0 when the signature verifies; ZZ_ECRYPTO with code "crypto.bad_signature" when it does not. */
int zz_sm2_verify(const zz_sm2_key *key, const void *data, size_t len, const char *sig_b64,
                  zz_err *err);

/* Random bytes from OpenSSL's CSPRNG. */
int zz_random_bytes(void *buf, size_t len, zz_err *err);
/* A random token of nbytes random bytes as URL-safe base64 without padding; caller frees. */
int zz_random_token(char **out, size_t nbytes, zz_err *err);
/* A random RFC 4122 version-4 UUID, lower-case, 36 chars + NUL. */
int zz_uuid4(char out[37], zz_err *err);

/* argon2id password hashing; params are policy (configurable), defaults t=3 m=65536 KiB p=1. */
typedef struct zz_pw_params {
    uint32_t t_cost;
    uint32_t m_cost_kib;
    uint32_t parallelism;
} zz_pw_params;
#define ZZ_PW_PARAMS_DEFAULT {3, 65536, 1}
/* *out is the encoded "$argon2id$..." string; caller frees with free(). */
int zz_pw_hash(char **out, const char *password, const zz_pw_params *params, zz_err *err);
/* 0 when password matches encoded; ZZ_EAUTH with "auth.bad_password" when not. */
int zz_pw_verify(const char *encoded, const char *password, zz_err *err);

/* Base64 (standard alphabet, padded) encode/decode; caller frees *out. */
int zz_base64_encode(char **out, const void *data, size_t len, zz_err *err);
int zz_base64_decode(unsigned char **out, size_t *out_len, const char *b64, zz_err *err);

#endif

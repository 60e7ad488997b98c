/*
 * mkuser.c — test helper for the integration tests: creates an account with a password and
 * roles in a data directory, acting as the system (the way `zizhi user add` will).
 *
 *     mkuser DATA_DIR USERNAME PASSWORD [ROLE...]
 *
 * Built by tests/integration/t9000-http.sh against the build's libzizhi.a.
 */
#include <stdio.h>
#include <stdlib.h>

#include "zizhi/ctx.h"
#include "zizhi/user.h"

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: mkuser DATA_DIR USERNAME PASSWORD [ROLE...]\n");
        return 2;
    }
    zz_err err = ZZ_ERR_INIT;
    zz_ctx *cx = NULL;
    zz_clock clock = zz_clock_fixed(ZZ_DATE(2026, 11, 25));
    if (zz_ctx_open(&cx, argv[1], NULL, clock, &err) < 0) goto fail;
    zz_user_new in = {.username = argv[2], .display_name = argv[2], .password = argv[3]};
    int64_t id = 0;
    if (zz_user_create(cx, &in, &id, &err) < 0) goto fail;
    for (int i = 4; i < argc; i++) {
        int r = zz_role_parse(argv[i]);
        if (r < 0) {
            fprintf(stderr, "mkuser: unknown role %s\n", argv[i]);
            zz_ctx_close(cx);
            return 2;
        }
        if (zz_user_grant(cx, argv[2], (zz_role)r, &err) < 0) goto fail;
    }
    zz_ctx_close(cx);
    return 0;
fail:
    fprintf(stderr, "mkuser: %s: %s\n", err.code, err.message);
    zz_ctx_close(cx);
    return 1;
}

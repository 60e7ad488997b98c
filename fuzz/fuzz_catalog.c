/*
 * fuzz_catalog.c — libFuzzer target for the catalogue loader and the OSCAL importer: arbitrary
 * bytes must give either a catalogue or a clean error, never a crash, leak or UB.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zizhi/catalog.h"
#include "zizhi/oscal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    zz_catalog *cat = NULL;
    zz_err err = ZZ_ERR_INIT;
    if (zz_catalog_load_string(&cat, s, "fuzz", &err) == 0) {
        char *out = NULL;
        if (zz_catalog_dump(&out, cat, &err) == 0)
            free(out);
        zz_catalog_free(cat);
    }
    cat = NULL;
    if (zz_oscal_catalog_import(&cat, s, "fuzz", &err) == 0)
        zz_catalog_free(cat);
    free(s);
    return 0;
}

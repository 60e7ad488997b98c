/*
 * bench_catalog.c — how long loading + validating the shipped catalogue, dumping it, and the
 * OSCAL export → import round trip take (make bench). Prints a table and writes JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "zizhi/catalog.h"
#include "zizhi/oscal.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "catalog/ai-security-1.json";
    const char *json_out = argc > 2 ? argv[2] : NULL;
    int n = 200;
    zz_err err = ZZ_ERR_INIT;
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        zz_catalog *c = NULL;
        if (zz_catalog_load(&c, path, &err) < 0) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        zz_catalog_free(c);
    }
    double load = (now_s() - t0) / n;
    zz_catalog *cat = NULL;
    zz_catalog_load(&cat, path, &err);
    t0 = now_s();
    for (int i = 0; i < n; i++) {
        char *s = NULL;
        zz_catalog_dump(&s, cat, &err);
        free(s);
    }
    double dump = (now_s() - t0) / n;
    t0 = now_s();
    for (int i = 0; i < n; i++) {
        char *s = NULL;
        zz_catalog *b = NULL;
        zz_oscal_catalog_export(&s, cat, &err);
        zz_oscal_catalog_import(&b, s, "bench", &err);
        zz_catalog_free(b);
        free(s);
    }
    double rt = (now_s() - t0) / n;
    printf("%-40s %12s\n", "catalogue benchmark", "ms/op");
    printf("%-40s %12.3f\n", "load + validate", load * 1e3);
    printf("%-40s %12.3f\n", "dump (format 1)", dump * 1e3);
    printf("%-40s %12.3f\n", "OSCAL export + import", rt * 1e3);
    if (json_out) {
        FILE *f = fopen(json_out, "w");
        if (f) {
            fprintf(f, "{\"load_ms\":%.3f,\"dump_ms\":%.3f,\"oscal_roundtrip_ms\":%.3f}\n",
                    load * 1e3, dump * 1e3, rt * 1e3);
            fclose(f);
        }
    }
    zz_catalog_free(cat);
    return 0;
}

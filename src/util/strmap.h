/*
 * strmap.h — a small open-addressing hash map from borrowed C strings to pointers.
 *
 * Keys are not copied: they must outlive the map. Used for id look-ups (catalogue ids).
 */
#ifndef ZIZHI_UTIL_STRMAP_H
#define ZIZHI_UTIL_STRMAP_H

#include <stddef.h>

typedef struct zz_strmap {
    const char **keys;
    void **vals;
    size_t cap; /* power of two, 0 when empty */
    size_t len;
} zz_strmap;

/* Returns the value for key, or NULL. */
void *zz_strmap_get(const zz_strmap *m, const char *key);
/* Inserts key → val. Returns 0, 1 when the key already exists (nothing changed), -1 on ENOMEM. */
int zz_strmap_put(zz_strmap *m, const char *key, void *val);
void zz_strmap_clear(zz_strmap *m);

#endif

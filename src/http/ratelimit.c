/*
 * ratelimit.c — a token bucket per client address for the public routes (R-4.2 registry,
 * catalogues, sign-in): rate tokens a second, up to burst. Kept in memory in a fixed table, so an
 * address flood cannot grow it: when the probe window is full the stalest bucket is reused (which
 * at worst forgives that address, never blocks another one).
 */
#include "http/http.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096 /* power of two */
#define PROBE 8

struct bucket {
    char addr[64];
    double tokens;
    int64_t last_usec;
};

struct zzh_ratelimit {
    pthread_mutex_t mu;
    double rate, burst;
    struct bucket slot[SLOTS];
};

struct zzh_ratelimit *zzh_ratelimit_new(double rate_per_s, double burst)
{
    struct zzh_ratelimit *rl = calloc(1, sizeof *rl);
    if (!rl) return NULL;
    pthread_mutex_init(&rl->mu, NULL);
    rl->rate = rate_per_s;
    rl->burst = burst < 1 ? 1 : burst;
    return rl;
}

void zzh_ratelimit_free(struct zzh_ratelimit *rl)
{
    if (!rl) return;
    pthread_mutex_destroy(&rl->mu);
    free(rl);
}

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

bool zzh_ratelimit_take(struct zzh_ratelimit *rl, const char *client, int64_t now_usec)
{
    if (!rl) return true;
    if (!client || !*client) client = "?";
    uint32_t h = hash(client);
    pthread_mutex_lock(&rl->mu);
    struct bucket *b = NULL, *stalest = NULL;
    for (int i = 0; i < PROBE; i++) {
        struct bucket *s = &rl->slot[(h + (uint32_t)i) & (SLOTS - 1)];
        if (s->addr[0] && strcmp(s->addr, client) == 0) {
            b = s;
            break;
        }
        if (!stalest || !s->addr[0] || (stalest->addr[0] && s->last_usec < stalest->last_usec))
            stalest = s;
    }
    if (!b) {
        b = stalest;
        snprintf(b->addr, sizeof b->addr, "%s", client);
        b->tokens = rl->burst;
        b->last_usec = now_usec;
    }
    double dt = (double)(now_usec - b->last_usec) / 1e6;
    if (dt > 0) {
        b->tokens += dt * rl->rate;
        if (b->tokens > rl->burst) b->tokens = rl->burst;
        b->last_usec = now_usec;
    }
    bool ok = b->tokens >= 1.0;
    if (ok) b->tokens -= 1.0;
    pthread_mutex_unlock(&rl->mu);
    return ok;
}

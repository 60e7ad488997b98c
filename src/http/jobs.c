/*
 * jobs.c — zizhid's background mail job: one thread with its own zz_ctx (never a request
 * thread, store.h I2), acting as the system. Every --mail-interval seconds (60) it reads the mail
 * configuration (settings smtp.*, overridden by --smtp-url, --smtp-from, --smtp-user and the
 * config file's smtp-password) and, when mail is configured:
 *   - once per business day, queues the expiry reminders (zz_cert_queue_reminders), unless
 *     --reminders no;
 *   - delivers the pending outbox (zz_mail_deliver_pending_ex, mail.h).
 * Without a configuration it does nothing at all (no audit entry either), and it notices a
 * configuration made later with `zizhi mail config` on its next round. When the SMTP server cannot
 * be reached the wait doubles, up to an hour, so that an outage does not use up the messages'
 * attempts; it returns to the interval after the first round that reaches the server.
 */
#include "http/http.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "zizhi/mail.h"
#include "zizhi/reminder.h"

#define BACKOFF_MAX_S 3600

static pthread_t job_thread;
static bool job_running;
static pthread_mutex_t job_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t job_cond = PTHREAD_COND_INITIALIZER;
static bool job_stop;

/* The configuration of this round: settings, then the server's own options. */
static bool round_config(zzh_server *srv, zz_ctx *cx, zz_mail_config *mc)
{
    const zzh_config *c = &srv->cfg;
    zz_err err = ZZ_ERR_INIT;
    zz_mail_config_init(mc);
    if (zz_mail_config_load(cx, mc, &err) < 0)
        fprintf(stderr, "zizhid: mail: cannot read the settings: %s: %s\n", err.code, err.message);
    if (c->smtp_url) snprintf(mc->url, sizeof mc->url, "%s", c->smtp_url);
    if (c->smtp_from) snprintf(mc->from, sizeof mc->from, "%s", c->smtp_from);
    if (c->smtp_user) snprintf(mc->user, sizeof mc->user, "%s", c->smtp_user);
    if (c->smtp_password) snprintf(mc->password, sizeof mc->password, "%s", c->smtp_password);
    return zz_mail_configured(mc);
}

/* One round; returns the seconds to wait before the next. */
static unsigned round_run(zzh_server *srv, zz_ctx *cx, zz_date *reminded_on, unsigned *backoff)
{
    unsigned interval = srv->cfg.mail_interval_s;
    cx->clock = zzh_request_clock(&srv->cfg);
    zz_ctx_act_as_system(cx);
    zz_mail_config mc;
    if (!round_config(srv, cx, &mc)) return interval;
    zz_err err = ZZ_ERR_INIT;
    if (zz_mail_config_check(&mc, &err) < 0) {
        static char said[ZZ_ERR_MSG_MAX]; /* this thread only: say a bad configuration once */
        if (strcmp(said, err.message) != 0)
            fprintf(stderr, "zizhid: mail: %s: %s\n", err.code, err.message);
        snprintf(said, sizeof said, "%s", err.message);
        return interval;
    }
    char today[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    if (srv->cfg.reminders && zz_date_cmp(*reminded_on, cx->clock.today) != 0) {
        zz_reminder_run r;
        if (zz_cert_queue_reminders_ex(cx, &r, &err) < 0) {
            fprintf(stderr, "zizhid: reminders (R-2.6): %s: %s\n", err.code, err.message);
        } else {
            *reminded_on = cx->clock.today;
            if (r.n_queued || r.n_unsendable)
                fprintf(stderr, "zizhid: reminders (R-2.6) on %s: %zu queued, %zu unsendable\n",
                        today, r.n_queued, r.n_unsendable);
        }
    }
    zz_mail_run run;
    if (zz_mail_deliver_pending_ex(cx, &mc, &run, &err) < 0) {
        fprintf(stderr, "zizhid: mail: %s: %s\n", err.code, err.message);
        return interval;
    }
    if (run.sent || run.failed)
        fprintf(stderr, "zizhid: mail: %d sent, %d failed, %d deferred%s%s\n", run.sent, run.failed,
                run.deferred, run.failed ? ": " : "", run.failed ? run.last_error : "");
    if (!run.server_down) {
        *backoff = 0;
        return interval;
    }
    *backoff = *backoff ? (*backoff * 2 > BACKOFF_MAX_S ? BACKOFF_MAX_S : *backoff * 2) : interval;
    if (*backoff < interval) *backoff = interval;
    return *backoff;
}

static void *job_main(void *arg)
{
    zzh_server *srv = arg;
    zz_ctx *cx = NULL;
    zz_err err = ZZ_ERR_INIT;
    if (zz_ctx_open(&cx, srv->cfg.data_dir, srv->cfg.catalog_dir, zzh_request_clock(&srv->cfg),
                    &err) < 0) {
        fprintf(stderr, "zizhid: mail job: cannot open the database: %s: %s\n", err.code,
                err.message);
        return NULL;
    }
    zz_date reminded_on = {0, 0, 0};
    unsigned backoff = 0;
    for (;;) {
        unsigned wait = round_run(srv, cx, &reminded_on, &backoff);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += wait;
        pthread_mutex_lock(&job_lock);
        while (!job_stop && pthread_cond_timedwait(&job_cond, &job_lock, &until) != ETIMEDOUT)
            ;
        bool stop = job_stop;
        pthread_mutex_unlock(&job_lock);
        if (stop) break;
    }
    zz_ctx_close(cx);
    return NULL;
}

int zzh_jobs_start(zzh_server *srv, char *msg, size_t msz)
{
    if (srv->cfg.mail_interval_s == 0) return 0; /* turned off */
    zz_mail_global_init();
    job_stop = false;
    int rc = pthread_create(&job_thread, NULL, job_main, srv);
    if (rc != 0) {
        snprintf(msg, msz, "cannot start the mail job: %s", strerror(rc));
        return -1;
    }
    job_running = true;
    return 0;
}

void zzh_jobs_stop(void)
{
    if (!job_running) return;
    pthread_mutex_lock(&job_lock);
    job_stop = true;
    pthread_cond_broadcast(&job_cond);
    pthread_mutex_unlock(&job_lock);
    pthread_join(job_thread, NULL); /* a delivery in progress ends within its timeout */
    job_running = false;
}

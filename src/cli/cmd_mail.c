/*
 * cmd_mail.c — `zizhi mail <verb>`: the email outbox and its SMTP delivery (include/zizhi/mail.h,
 * outbox.h) and the expiry reminders that fill it (reminder.h). One libzizhi call per verb.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli_cert.h"
#include "cli/cli_domain.h"
#include "zizhi/ctx.h"
#include "zizhi/mail.h"
#include "zizhi/outbox.h"
#include "zizhi/reminder.h"

static void help(FILE *f)
{
    fputs("用法 usage: zizhi [--as USER] [--date D] [--json] mail <verb> ...\n"
          "  send [--smtp-url URL] [--from ADDR] [--user U --password-stdin] [--timeout S]\n"
          "       [--max-attempts N]   发送待发邮件 (SMTP; settings smtp.* unless given here)\n"
          "  list [--status pending|failed|sent] [--purpose P] [--limit N]   邮件队列\n"
          "  remind                    证书到期提醒：排队到期前 9、7、6 个月的提醒邮件 (R-2.6)\n"
          "  reminders [--cert CERT]   已处理的到期提醒 (R-2.6)\n"
          "  config [--smtp-url URL] [--from ADDR] [--user U] [--password-stdin] [--timeout S]\n"
          "         [--max-attempts N]   显示或设置邮件发送配置 (sys_admin; \"\" clears a value)\n",
          f);
}

/* ---- configuration options shared by send and config ------------------------------------- */

enum { O_URL, O_FROM, O_USER, O_PWSTDIN, O_TIMEOUT, O_ATTEMPTS, N_CFG_OPTS };

static const char *const OPT_KEYS[N_CFG_OPTS] = {
    ZZ_MAIL_SETTING_URL,      ZZ_MAIL_SETTING_FROM,    ZZ_MAIL_SETTING_USER,
    ZZ_MAIL_SETTING_PASSWORD, ZZ_MAIL_SETTING_TIMEOUT, ZZ_MAIL_SETTING_MAX_ATTEMPTS};

static void cfg_opts(zz_cli_opt o[N_CFG_OPTS])
{
    o[O_URL] = (zz_cli_opt){"smtp-url", true, NULL, false};
    o[O_FROM] = (zz_cli_opt){"from", true, NULL, false};
    o[O_USER] = (zz_cli_opt){"user", true, NULL, false};
    o[O_PWSTDIN] = (zz_cli_opt){"password-stdin", false, NULL, false};
    o[O_TIMEOUT] = (zz_cli_opt){"timeout", true, NULL, false};
    o[O_ATTEMPTS] = (zz_cli_opt){"max-attempts", true, NULL, false};
}

/* The options given as (key, value) pairs; the password read from standard input. */
static int cfg_pairs(const zz_cli_opt o[N_CFG_OPTS], const char **keys, const char **vals,
                     size_t *n, char *pw, size_t pwcap)
{
    *n = 0;
    for (int i = 0; i < N_CFG_OPTS; i++) {
        if (!o[i].given) continue;
        if (i == O_PWSTDIN) {
            int rc = zz_cli_read_password("SMTP 密码 (password): ", false, pw, pwcap);
            if (rc != ZZ_EXIT_OK) return rc;
            keys[*n] = OPT_KEYS[i];
            vals[(*n)++] = pw;
        } else {
            keys[*n] = OPT_KEYS[i];
            vals[(*n)++] = o[i].value;
        }
    }
    return ZZ_EXIT_OK;
}

/* ---- verbs ---------------------------------------------------------------------------------- */

static int v_send(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    zz_cli_opt o[N_CFG_OPTS];
    cfg_opts(o);
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, N_CFG_OPTS, pos, 0, 0, &np,
                          "zizhi mail send [--smtp-url URL] [--from ADDR] [--user U "
                          "--password-stdin] [--timeout S] [--max-attempts N]");
    if (rc != ZZ_EXIT_OK) return rc;
    const char *keys[N_CFG_OPTS], *vals[N_CFG_OPTS];
    char pw[256];
    size_t n = 0;
    if ((rc = cfg_pairs(o, keys, vals, &n, pw, sizeof pw)) != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_mail_config cfg;
    zz_mail_config_init(&cfg);
    if (zz_mail_config_load(cx, &cfg, &err) < 0) return zz_cli_fail(cli, &err);
    /* the options override the settings for this run only (zz_mail_config_check checks them) */
    for (size_t i = 0; i < n; i++) {
        if (strcmp(keys[i], ZZ_MAIL_SETTING_URL) == 0)
            snprintf(cfg.url, sizeof cfg.url, "%s", vals[i]);
        else if (strcmp(keys[i], ZZ_MAIL_SETTING_FROM) == 0)
            snprintf(cfg.from, sizeof cfg.from, "%s", vals[i]);
        else if (strcmp(keys[i], ZZ_MAIL_SETTING_USER) == 0)
            snprintf(cfg.user, sizeof cfg.user, "%s", vals[i]);
        else if (strcmp(keys[i], ZZ_MAIL_SETTING_PASSWORD) == 0)
            snprintf(cfg.password, sizeof cfg.password, "%s", vals[i]);
        else if (strcmp(keys[i], ZZ_MAIL_SETTING_TIMEOUT) == 0)
            cfg.timeout_s = (int)strtol(vals[i], NULL, 10);
        else
            cfg.max_attempts = (int)strtol(vals[i], NULL, 10);
    }
    zz_mail_run run;
    rc = zz_mail_deliver_pending_ex(cx, &cfg, &run, &err);
    memset(pw, 0, sizeof pw);
    if (rc < 0) return zz_cli_fail(cli, &err);
    if (cli->json)
        zz_cli_print_json(json_pack("{s:b, s:i, s:i, s:i, s:b, s:b, s:s}", "ok", run.failed == 0,
                                    "sent", run.sent, "failed", run.failed, "deferred",
                                    run.deferred, "server_down", run.server_down, "busy", run.busy,
                                    "last_error", run.last_error));
    else if (run.busy)
        puts("另一发送进程正在运行，本次未发送 (another delivery run is in progress)");
    else
        printf("已发送 %d 封，失败 %d 封，暂缓 %d 封 (sent %d, failed %d, deferred %d)\n", run.sent,
               run.failed, run.deferred, run.sent, run.failed, run.deferred);
    if (run.failed > 0) {
        zz_err_set(&err, ZZ_EIO, "mail.send_failed", "%d 封邮件发送失败，将重试：%s",
                   "%d message(s) could not be sent and will be retried: %s", run.failed,
                   run.last_error);
        return zz_cli_fail(cli, &err);
    }
    return ZZ_EXIT_OK;
}

static json_t *msg_json(const zz_outbox_msg *m, int max_attempts)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(m->id));
    json_object_set_new(o, "to", json_string(m->to_addr));
    json_object_set_new(o, "subject", json_string(m->subject));
    json_object_set_new(o, "purpose", json_string(m->purpose));
    json_object_set_new(o, "ref_type", *m->ref_type ? json_string(m->ref_type) : json_null());
    json_object_set_new(o, "ref_id", *m->ref_id ? json_string(m->ref_id) : json_null());
    json_object_set_new(o, "status", json_string(zz_mail_status(m)));
    json_object_set_new(o, "attempts", json_integer(m->attempts));
    json_object_set_new(o, "will_retry",
                        json_boolean(m->sent_usec == 0 && m->attempts < max_attempts));
    json_object_set_new(o, "last_error", *m->last_error ? json_string(m->last_error) : json_null());
    json_object_set_new(o, "created_usec", json_integer(m->created_usec));
    json_object_set_new(o, "sent_usec", m->sent_usec ? json_integer(m->sent_usec) : json_null());
    json_object_set_new(o, "body", json_string(m->body));
    return o;
}

static int v_list(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    zz_cli_opt o[] = {{"status", true, NULL, false},
                      {"purpose", true, NULL, false},
                      {"limit", true, NULL, false}};
    const char *pos[1];
    size_t np = 0;
    const char *u = "zizhi mail list [--status pending|failed|sent] [--purpose P] [--limit N]";
    int rc = zz_cli_parse(cli, argc, argv, o, 3, pos, 0, 0, &np, u);
    if (rc != ZZ_EXIT_OK) return rc;
    const char *want = o[0].value;
    if (want && strcmp(want, "pending") && strcmp(want, "failed") && strcmp(want, "sent"))
        return zz_cli_usage("--status is pending, failed or sent; usage: %s", u);
    int64_t limit = 0;
    if (o[2].value && !zz_cli_parse_id(o[2].value, &limit))
        return zz_cli_usage("--limit must be a positive number; usage: %s", u);
    zz_err err = ZZ_ERR_INIT;
    zz_mail_config cfg;
    zz_mail_config_init(&cfg);
    if (zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SYS_ADMIN), NULL) == 0 &&
        zz_mail_config_load(cx, &cfg, &err) < 0)
        return zz_cli_fail(cli, &err);
    zz_outbox_filter f = {0};
    f.pending_only = want && strcmp(want, "sent") != 0;
    f.purpose = o[1].value;
    zz_outbox_msg *v = NULL;
    size_t n = 0;
    if (zz_outbox_list(cx, &f, &v, &n, &err) < 0) return zz_cli_fail(cli, &err);
    json_t *items = json_array();
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        const zz_outbox_msg *m = &v[i];
        if (want && strcmp(zz_mail_status(m), want) != 0) continue;
        if (limit > 0 && (int64_t)shown >= limit) break;
        shown++;
        if (cli->json) {
            json_array_append_new(items, msg_json(m, cfg.max_attempts));
            continue;
        }
        printf("#%lld %-7s %-14s %s  %s\n", (long long)m->id, zz_mail_status(m), m->purpose,
               m->to_addr, m->subject);
        if (m->attempts > 0 && m->sent_usec == 0)
            printf("    尝试 %d 次%s (attempts): %s\n", m->attempts,
                   m->attempts < cfg.max_attempts ? "，将重试" : "，已放弃", m->last_error);
    }
    if (cli->json)
        zz_cli_print_json(json_pack("{s:I, s:o}", "count", (json_int_t)shown, "messages", items));
    else {
        json_decref(items);
        if (shown == 0) puts("没有邮件 (none)");
    }
    zz_outbox_list_free(v, n);
    return ZZ_EXIT_OK;
}

static int v_remind(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 0, 0, &np, "zizhi mail remind");
    if (rc != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_reminder_run run;
    if (zz_cert_queue_reminders_ex(cx, &run, &err) < 0) return zz_cli_fail(cli, &err);
    zz_cli_done(cli,
                json_pack("{s:I, s:I, s:I, s:I, s:I}", "checked", (json_int_t)run.n_checked,
                          "queued", (json_int_t)run.n_queued, "skipped", (json_int_t)run.n_skipped,
                          "in_process", (json_int_t)run.n_in_process, "unsendable",
                          (json_int_t)run.n_unsendable),
                "到期提醒：排队 %zu 封，跳过 %zu 个较早的提醒，%zu 个证书已在维持申请中，%zu 个"
                "地址无效 (queued %zu, skipped %zu, in process %zu, unsendable %zu)",
                run.n_queued, run.n_skipped, run.n_in_process, run.n_unsendable, run.n_queued,
                run.n_skipped, run.n_in_process, run.n_unsendable);
    return ZZ_EXIT_OK;
}

static int v_reminders(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    zz_cli_opt o[] = {{"cert", true, NULL, false}};
    const char *pos[1];
    size_t np = 0;
    int rc =
        zz_cli_parse(cli, argc, argv, o, 1, pos, 0, 0, &np, "zizhi mail reminders [--cert CERT]");
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t cert = 0;
    if (o[0].value && (rc = zz_cli_cert_id(cli, cx, o[0].value, &cert)) != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_cert_reminder *v = NULL;
    size_t n = 0;
    if (zz_cert_reminder_list(cx, cert, &v, &n, &err) < 0) return zz_cli_fail(cli, &err);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        if (cli->json)
            json_array_append_new(
                items, json_pack("{s:s, s:i, s:s, s:s, s:s, s:o}", "certificate", v[i].cert_number,
                                 "step", v[i].step, "due_on", v[i].due_on, "queued_on",
                                 v[i].queued_on, "outcome", v[i].outcome, "outbox_id",
                                 v[i].outbox_id ? json_integer(v[i].outbox_id) : json_null()));
        else
            printf("%s  到期前 %d 个月  应于 %s  %s 于 %s\n", v[i].cert_number, v[i].step,
                   v[i].due_on, strcmp(v[i].outcome, "queued") == 0 ? "已排队" : "已跳过",
                   v[i].queued_on);
    }
    if (cli->json)
        zz_cli_print_json(json_pack("{s:I, s:o}", "count", (json_int_t)n, "reminders", items));
    else {
        json_decref(items);
        if (n == 0) puts("没有到期提醒记录 (none)");
    }
    free(v);
    return ZZ_EXIT_OK;
}

static int v_config(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    zz_cli_opt o[N_CFG_OPTS];
    cfg_opts(o);
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, N_CFG_OPTS, pos, 0, 0, &np,
                          "zizhi mail config [--smtp-url URL] [--from ADDR] [--user U] "
                          "[--password-stdin] [--timeout S] [--max-attempts N]");
    if (rc != ZZ_EXIT_OK) return rc;
    const char *keys[N_CFG_OPTS], *vals[N_CFG_OPTS];
    char pw[256];
    size_t n = 0;
    if ((rc = cfg_pairs(o, keys, vals, &n, pw, sizeof pw)) != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    if (n > 0 && zz_mail_config_set(cx, keys, vals, n, &err) < 0) {
        memset(pw, 0, sizeof pw);
        return zz_cli_fail(cli, &err);
    }
    memset(pw, 0, sizeof pw);
    zz_mail_config cfg;
    zz_mail_config_init(&cfg);
    if (zz_mail_config_load(cx, &cfg, &err) < 0) return zz_cli_fail(cli, &err);
    if (cli->json)
        zz_cli_print_json(json_pack("{s:b, s:s, s:s, s:s, s:b, s:i, s:i, s:b}", "ok", true,
                                    "smtp_url", cfg.url, "from", cfg.from, "user", cfg.user,
                                    "password_set", cfg.password[0] != '\0', "timeout",
                                    cfg.timeout_s, "max_attempts", cfg.max_attempts, "configured",
                                    zz_mail_configured(&cfg)));
    else
        printf("smtp.url          %s\nsmtp.from         %s\nsmtp.user         %s\n"
               "smtp.password     %s\nsmtp.timeout      %d\nsmtp.max_attempts %d\n%s\n",
               cfg.url[0] ? cfg.url : "(未设置 unset)", cfg.from[0] ? cfg.from : "(未设置 unset)",
               cfg.user[0] ? cfg.user : "(无 none)", cfg.password[0] ? "(已设置 set)" : "(无 none)",
               cfg.timeout_s, cfg.max_attempts,
               zz_mail_configured(&cfg) ? "已配置 (configured)" : "未配置 (not configured)");
    return ZZ_EXIT_OK;
}

int cmd_mail(zz_cli *cli, int argc, char **argv)
{
    static const zz_cli_verb verbs[] = {
        {"send", v_send, NULL, 0},
        {"list", v_list, NULL, 0},
        {"remind", v_remind, NULL, 0},
        {"reminders", v_reminders, NULL, 0},
        {"config", v_config, NULL, 0},
        {NULL, NULL, NULL, 0},
    };
    return zz_cli_dispatch(cli, argc, argv, "mail", verbs, help);
}

/*
 * cli_audit.c — audit helpers for the zizhi sub-commands: the actor, opening the store, recording
 * an action with its checkpoint, and printing a verification report.
 */
#include "cli/cli_audit.h"

#include "zizhi/crypto.h"

const char *zz_cli_actor(const zz_cli *cli)
{
    return cli->as_user && *cli->as_user ? cli->as_user : ZZ_AUDIT_SYSTEM_ACTOR;
}

int zz_cli_store_open(const zz_cli *cli, bool must_exist, zz_store **out, zz_err *err)
{
    zz_store_options o = ZZ_STORE_OPTIONS_INIT;
    o.must_exist = must_exist;
    return zz_store_open_ex(out, cli->data_dir, &o, err);
}

int zz_cli_audit_checkpoint(const zz_cli *cli, zz_store *st, zz_err *err)
{
    zz_sm2_key *key = NULL;
    int rc = zz_sm2_key_load_or_create(&key, cli->data_dir, err);
    if (rc == ZZ_OK) rc = zz_audit_checkpoint(st, cli->data_dir, key, &cli->clock, err);
    zz_sm2_key_free(key);
    return rc;
}

int zz_cli_audit_record(const zz_cli *cli, zz_store *st, const char *action, const char *obj_type,
                        const char *obj_id, const char *obj_digest, const char *detail_json,
                        zz_err *err)
{
    int rc = zz_store_begin(st, err);
    if (rc < 0) return rc;
    rc = zz_audit_append(st, &cli->clock, zz_cli_actor(cli), action, obj_type, obj_id, obj_digest,
                         detail_json, err);
    if (rc < 0) {
        zz_store_rollback(st, NULL);
        return rc;
    }
    rc = zz_store_commit(st, err);
    if (rc < 0) return rc;
    return zz_cli_audit_checkpoint(cli, st, err);
}

json_t *zz_cli_audit_report_json(const zz_audit_report *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "ok", json_boolean(r->ok));
    json_object_set_new(o, "count", json_integer(r->count));
    json_object_set_new(o, "entries_checked", json_integer(r->entries_checked));
    json_object_set_new(o, "head", json_string(r->head));
    if (r->checkpoint_present) {
        json_t *c = json_object();
        json_object_set_new(c, "count", json_integer(r->checkpoint_count));
        json_object_set_new(c, "head", json_string(r->checkpoint_head));
        json_object_set_new(c, "at", json_string(r->checkpoint_at));
        json_object_set_new(o, "checkpoint", c);
    } else {
        json_object_set_new(o, "checkpoint", json_null());
    }
    if (!r->ok) {
        json_object_set_new(o, "first_bad_seq",
                            r->first_bad_seq ? json_integer(r->first_bad_seq) : json_null());
        json_object_set_new(o, "code", json_string(r->code));
        json_object_set_new(o, "message", json_string(r->message));
        json_object_set_new(o, "message_zh", json_string(r->message_zh));
    }
    return o;
}

void zz_cli_audit_report_print(FILE *f, const zz_audit_report *r)
{
    if (r->ok) {
        fprintf(f, "审计链完整 (audit chain intact): %lld 条记录 (entries)\n",
                (long long)r->entries_checked);
        fprintf(f, "  链头摘要 (head)      %s\n", r->head);
        if (r->checkpoint_present)
            fprintf(f,
                    "  签名检查点 (checkpoint) %lld 条 (entries), %s, 签名有效 (signature valid)\n",
                    (long long)r->checkpoint_count, r->checkpoint_at);
        else
            fprintf(f, "  签名检查点 (checkpoint) 无 (none): 日志为空 (the log is empty)\n");
        return;
    }
    fprintf(f, "审计链异常 (audit chain broken): %s\n", r->code);
    if (r->first_bad_seq)
        fprintf(f, "  首个异常记录 (first bad entry): 第 %lld 条 (seq %lld)\n",
                (long long)r->first_bad_seq, (long long)r->first_bad_seq);
    fprintf(f, "  %s\n  (%s)\n", r->message_zh, r->message);
    fprintf(f, "  已核验 (verified): %lld / %lld 条记录 (entries)\n", (long long)r->entries_checked,
            (long long)r->count);
}

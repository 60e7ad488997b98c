/*
 * errors.c — the ONE table from libzizhi results to HTTP statuses, and the error body
 *
 *     {"error": {"code": "gate.fee_unpaid", "rule": "R-3.3",
 *                "message": "<Chinese>", "message_en": "<English>"}}
 *
 * "rule" is present only when the refusal enforces a SPEC rule. Codes are the core's stable codes;
 * the web UI translates them and tests assert them. Server faults (5xx) are logged in full on
 * stderr and answered with their code and a generic message, never SQL text or paths.
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Codes whose status is not the one of their zz_rc. */
static const struct {
    const char *code;
    unsigned status;
} CODE_STATUS[] = {
    {"rate.limited", 429},       /* ZZ_ETOOBIG */
    {"http.method", 405},        /* ZZ_EINVAL */
    {"http.not_found", 404},     /* ZZ_ENOTFOUND */
    {"input.content_type", 415}, /* ZZ_EINVAL */
    {"store.busy", 503},         /* ZZ_ECONFLICT: the database stayed locked past the timeout */
};

static const struct {
    int rc;
    unsigned status;
} RC_STATUS[] = {
    {ZZ_ENOTFOUND, 404}, /* also another organisation's object */
    {ZZ_EPERM, 403},     {ZZ_EAUTH, 401}, {ZZ_ESTATE, 409}, {ZZ_ECONFLICT, 409},
    {ZZ_EEXISTS, 409},   {ZZ_ERULE, 422}, {ZZ_EINVAL, 400}, {ZZ_ETOOBIG, 413},
};

unsigned zzh_status_of(const zz_err *err)
{
    for (size_t i = 0; i < sizeof CODE_STATUS / sizeof CODE_STATUS[0]; i++)
        if (strcmp(err->code, CODE_STATUS[i].code) == 0) return CODE_STATUS[i].status;
    for (size_t i = 0; i < sizeof RC_STATUS / sizeof RC_STATUS[0]; i++)
        if (err->rc == RC_STATUS[i].rc) return RC_STATUS[i].status;
    return 500;
}

int zzh_reply_error(zzh_req *rq, const zz_err *err)
{
    unsigned status = zzh_status_of(err);
    const char *code = err->code[0] ? err->code : "error";
    const char *zh = err->message_zh[0] ? err->message_zh : zz_strerror(err->rc);
    const char *en = err->message[0] ? err->message : zz_strerror(err->rc);
    if (status >= 500) {
        fprintf(stderr, "zizhid: %s %s: %s (%s): %s\n", rq->method, rq->path, code,
                zz_rc_name(err->rc), en);
        if (status == 500) {
            zh = "服务器内部错误，请稍后再试或联系系统管理员";
            en = "internal server error; try again later or contact the system administrator";
        }
    }
    json_t *e = json_object();
    json_object_set_new(e, "code", json_string(code));
    if (err->rule[0]) json_object_set_new(e, "rule", json_string(err->rule));
    /* messages are cut on UTF-8 boundaries by zz_err; json_string refuses anything invalid */
    json_t *m = json_string(zh), *me = json_string(en);
    json_object_set_new(e, "message", m ? m : json_string(zz_strerror(err->rc)));
    json_object_set_new(e, "message_en", me ? me : json_string(zz_strerror(err->rc)));
    json_t *body = json_object();
    json_object_set_new(body, "error", e);
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    if (!text) return -1;
    size_t len = strlen(text);
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return -1;
    }
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    if (status == 429 || status == 503) MHD_add_response_header(resp, "Retry-After", "1");
    rq->api = true;
    rq->bytes = len;
    return zzh_queue(rq, status, resp);
}

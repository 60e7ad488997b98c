/*
 * api_health.c — GET /api/v1/health: answers once this pool thread's context (and so the
 * database, opened and migrated) is ready; the router opened it before calling here.
 */
#include "http/http.h"

int zzh_api_health(zzh_req *rq, zz_err *err)
{
    (void)err;
    json_t *o = json_object();
    json_object_set_new(o, "status", json_string("ok"));
    return zzh_reply_json(rq, 200, o);
}

/*
 * api_panel.c — expert review (专家评审, R-3.5) and approval (审批, R-3.6):
 *   GET|POST /api/v1/cases/{id}/votes              the panel's votes; an expert votes
 *                                                  {vote: pass|fail|return, opinion}
 *   GET|POST /api/v1/cases/{id}/panel-conclusion   the current round and its results; the panel
 *                                                  concludes (majority, R-3.5)
 *   POST /api/v1/cases/{id}/approval               the manager approves
 * panel.c holds the rules (independence, panel size, majority, one vote per round).
 */
#include "http/api.h"

#include <stdlib.h>

#include "zizhi/case.h"
#include "zizhi/panel.h"

int zzh_api_panel_votes(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    zz_panel_vote *v = NULL;
    size_t n = 0;
    if ((rc = zz_case_votes(rq->cx, id, &v, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:i, s:I, s:s, s:s, s:s?, s:s?, s:s, s:s}", "round", v[i].round,
                             "user_id", (json_int_t)v[i].user_id, "username", v[i].username,
                             "display_name", v[i].display_name, "vote", zz_vote_code(v[i].vote),
                             "vote_name", zz_vote_name_zh(v[i].vote), "opinion",
                             v[i].opinion ? v[i].opinion : "", "voted_on", v[i].voted_on));
    zz_panel_votes_free(v, n);
    return zzh_reply_list(rq, items, (int64_t)n, 0, (int64_t)n);
}

static const zzh_field VOTE[] = {
    {"vote", ZZH_T_STRING, true, false, 20},
    {"opinion", ZZH_T_STRING, true, false, 0},
    {NULL, 0, false, false, 0},
};

int zzh_api_panel_vote(zzh_req *rq, zz_err *err)
{
    int64_t id;
    zz_vote v = ZZ_VOTE_PASS;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_body(rq, VOTE, err);
    if (rc == 0) rc = zz_vote_parse(&v, zzh_str(rq, "vote"), err);
    if (rc < 0) return rc;
    if ((rc = zz_case_vote(rq->cx, id, v, zzh_str(rq, "opinion"), err)) < 0) return rc;
    return zzh_api_panel_votes(rq, err); /* the votes after this one */
}

static int reply_panel(zzh_req *rq, int64_t id, zz_err *err)
{
    int round = 0;
    int rc = zz_case_panel_round(rq->cx, id, &round, err);
    if (rc < 0) return rc;
    zz_panel_result *r = NULL;
    size_t n = 0;
    if ((rc = zz_case_panel_results(rq->cx, id, &r, &n, err)) < 0) return rc;
    json_t *results = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(results, json_pack("{s:i, s:s?, s:s?, s:s}", "round", r[i].round,
                                                 "result", zz_vote_code(r[i].result), "result_name",
                                                 zz_vote_name_zh(r[i].result), "decided_on",
                                                 r[i].decided_on));
    free(r);
    zz_case c;
    if ((rc = zz_case_get(rq->cx, id, &c, err)) < 0) {
        json_decref(results);
        return rc;
    }
    return zzh_reply_json(rq, 200,
                          json_pack("{s:I, s:i, s:o, s:o}", "case_id", (json_int_t)id, "round",
                                    round, "results", results, "case", zzh_json_case(&c)));
}

int zzh_api_panel_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    return rc < 0 ? rc : reply_panel(rq, id, err);
}

int zzh_api_panel_conclude(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    zz_vote result = ZZ_VOTE_PASS;
    if ((rc = zz_case_panel_conclude(rq->cx, id, &result, err)) < 0) return rc;
    return reply_panel(rq, id, err);
}

int zzh_api_panel_approve(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_approve(rq->cx, id, err)) < 0) return rc;
    return zzh_reply_case(rq, id, err);
}

/*
 * org.h — applicant organisations (申请单位), their people (人员) and their service projects
 * (服务项目): the data that and the data checks of R-1.3 (checks.h) read.
 *
 * Who may, as decided by zz_org_access:
 *
 *   actor                          org record    people, projects    change org, people, projects
 *   system                         every org     every org           every org
 *   applicant_admin of org X       X             X                   X, export X
 *   applicant_member of org X      X             X                   no: ZZ_EPERM "auth.role"
 *   manager, supervisor            every org     every org           no: ZZ_EPERM "auth.role"
 *   project_lead, assessor, expert orgs with a case they are assigned to (case_members), read only
 *   sys_admin                      every org     no                  creates organisations and
 *                                                                     corrects their records
 *   anyone else                    no            no                  no
 *
 * "no" answers ZZ_ENOTFOUND "org.not_found" — exactly what a missing organisation answers — so an
 * actor never learns whether another organisation exists. sys_admin creates organisations
 * (zz_org_create), reads and corrects their records (zz_org_update, the USCC included) so that it
 * can create their accounts, but never sees the personal data of their staff.
 *
 * Personal data: people hold only what the rules need (name, employment, AI-security
 * relation, position, CISP certificate and validity, confidentiality agreement date). The
 * organisation's applicant_admin corrects it (zz_person_update) and exports it as one JSON
 * document (zz_org_export_personal).
 *
 * Every change is one audited action: org.create (+ user.create for a first admin
 * account), org.update, person.add, person.update, person.deactivate / person.activate,
 * project.add, project.update, org.export_personal.
 *
 * Optional dates are zz_date values with year 0 (ZZ_NO_DATE); zz_date_is_set tells them apart.
 *
 * Invariants:
 *   I1  a stored organisation's USCC is normalised and valid (zz_uscc_check) and unique.
 *   I2  a stored organisation that is not an independent legal person has a non-blank exception
 *       reason and the SM3 digest of an evidence blob present in the evidence store.
 *   I3  a stored person with a CISP number has both validity dates, valid_from <= valid_until.
 *   I4  a stored project has an acceptance date exactly when its acceptance is passed or failed,
 *       and started_on <= completed_on <= accepted_on where they are set.
 */
#ifndef ZIZHI_ORG_H
#define ZIZHI_ORG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/crypto.h"
#include "zizhi/errors.h"
#include "zizhi/user.h"
#include "zizhi/uscc.h"

struct zz_ctx;

#define ZZ_NO_DATE ((zz_date){0, 0, 0})
static inline bool zz_date_is_set(zz_date d)
{
    return d.year != 0;
}

/* ---- organisations ------------------------------------------------------------------------- */

typedef struct zz_org {
    int64_t id;
    char *name;
    char uscc[ZZ_USCC_LEN + 1];
    bool legal_person;        /* 独立法人 */
    char *exception_reason;   /* NULL for a legal person */
    char *exception_evidence; /* SM3 hex of the evidence blob, NULL for a legal person */
    char *address;            /* optional, NULL */
    char *contact_name;       /* optional, NULL */
    char *contact_phone;      /* optional, NULL */
    char *email;              /* designated address (指定电子邮箱), R-3.3 */
    int64_t created_usec;
} zz_org;

/* Input of create and update; strings are borrowed, NULL or "" means absent. */
typedef struct zz_org_in {
    const char *name; /* required, at most 200 bytes */
    const char *uscc; /* required; normalised then checked */
    bool legal_person;
    const char *exception_reason;   /* required when !legal_person */
    const char *exception_evidence; /* required when !legal_person: digest of a stored blob */
    const char *address;
    const char *contact_name;
    const char *contact_phone;
    const char *email; /* required */
} zz_org_in;

typedef enum {
    ZZ_ORG_READ = 0,      /* the organisation's own record */
    ZZ_ORG_READ_PERSONAL, /* its people and projects */
    ZZ_ORG_MANAGE,        /* change its record, people and projects; export personal data */
} zz_org_access_kind;

/*
 * 0 when the actor may do `kind` on organisation org_id (table above). Otherwise ZZ_ENOTFOUND
 * "org.not_found" (not visible, or no such organisation), or ZZ_EPERM "auth.role" when the actor
 * sees the organisation but may not change it. Other modules (dossiers, evidence) use it for their
 * own checks.
 */
int zz_org_access(struct zz_ctx *cx, int64_t org_id, zz_org_access_kind kind, zz_err *err);

/*
 * sys_admin (or the system). Creates an organisation; with first_admin non-NULL, also its first
 * account (org_id is taken from the new organisation) in the same transaction. The account
 * receives the role applicant_admin only when the system acts; a sys_admin makes no grants
 * so sec_admin grants the role afterwards.
 * OUT: *id, and *admin_id when first_admin is given (admin_id may be NULL).
 * Codes: input.name, input.too_long (a field over its size), input.uscc, input.email,
 * input.exception_reason (R-1.2: reason or evidence missing), input.exception_evidence
 * (malformed digest or no such blob), org.exists (duplicate USCC), and zz_user_create's codes
 * for first_admin.
 */
int zz_org_create(struct zz_ctx *cx, const zz_org_in *in, const zz_user_new *first_admin,
                  int64_t *id, int64_t *admin_id, zz_err *err);

/*
 * ZZ_ORG_MANAGE, or sys_admin: replaces the organisation's record with in (all fields; read it
 * first with zz_org_get to change a few). A change of USCC is an identity change: only
 * sys_admin or the system may make it (ZZ_EPERM "auth.role" for the applicant_admin). Same
 * validation codes as create; org.exists when the new USCC is taken.
 */
int zz_org_update(struct zz_ctx *cx, int64_t org_id, const zz_org_in *in, zz_err *err);

/* ZZ_ORG_READ. Caller frees with zz_org_free. */
int zz_org_get(struct zz_ctx *cx, int64_t org_id, zz_org **out, zz_err *err);
/* By USCC (normalised first). ZZ_ENOTFOUND "org.not_found" also when not visible. */
int zz_org_get_by_uscc(struct zz_ctx *cx, const char *uscc, zz_org **out, zz_err *err);
void zz_org_free(zz_org *o);

typedef struct zz_org_page {
    size_t offset;
    size_t limit;      /* 0 means ZZ_ORG_PAGE_DEFAULT; capped at ZZ_ORG_PAGE_MAX */
    const char *query; /* optional: substring of the name, or of the USCC */
} zz_org_page;
#define ZZ_ORG_PAGE_DEFAULT 50
#define ZZ_ORG_PAGE_MAX     500

/*
 * The organisations visible to the actor (ZZ_ORG_READ), ordered by id: all of them for the
 * system, sys_admin, manager and supervisor; its own for an applicant; those with an assigned
 * case for project_lead, assessor, expert. Roles that may see none (cert_officer, sec_admin,
 * audit_admin) are refused with ZZ_EPERM "auth.role" rather than given an empty list.
 * OUT: *out (array of *n), *total (matching rows without the page). Caller frees with
 * zz_org_list_free.
 */
int zz_org_list(struct zz_ctx *cx, const zz_org_page *page, zz_org **out, size_t *n, size_t *total,
                zz_err *err);
void zz_org_list_free(zz_org *list, size_t n);

/* Canonical JSON of an organisation (keys sorted, compact). Caller frees with free(). */
int zz_org_to_json(const zz_org *o, char **out, zz_err *err);

/*
 * the organisation's personal data as one JSON document (ZZ_ORG_MANAGE: its
 * applicant_admin, or the system). Audited "org.export_personal". Caller frees *json with free().
 *   {"format": "zizhi-personal-data", "format_version": 1, "exported_on": "YYYY-MM-DD",
 *    "organisation": {"id", "name", "uscc", "contact_name", "contact_phone", "email"},
 *    "people": [person, …], "accounts": [{"username", "display_name", "email", "roles",
 *    "active"}, …]}
 * with person as in zz_person_to_json, inactive people included.
 */
int zz_org_export_personal(struct zz_ctx *cx, int64_t org_id, char **json, zz_err *err);

/* ---- people (R-1.3: 3.2.1-3, 3.2.3-5) ------------------------------------------------------ */

typedef enum {
    ZZ_EMPLOY_FULL_TIME = 0, /* 专职 */
    ZZ_EMPLOY_PART_TIME,     /* 兼职 */
    ZZ_EMPLOY_CONTRACTOR,    /* 外聘 */
    ZZ_EMPLOY__COUNT
} zz_employment;
/* "full_time" …, "专职" …; parse returns -1 when unknown. */
const char *zz_employment_name(zz_employment e);
const char *zz_employment_name_zh(zz_employment e);
int zz_employment_parse(const char *s);

typedef struct zz_person {
    int64_t id;
    int64_t org_id;
    char *name;
    zz_employment employment;
    bool ai_security;         /* related to AI security services (3.2.1-3) */
    char *position;           /* optional, NULL */
    char *cisp_number;        /* optional, NULL: no CISP certificate */
    zz_date cisp_valid_from;  /* ZZ_NO_DATE without a certificate */
    zz_date cisp_valid_until; /* last valid day */
    zz_date nda_signed_on;    /* confidentiality agreement (保密合同), ZZ_NO_DATE when none */
    bool active;
} zz_person;

typedef struct zz_person_in {
    const char *name; /* required, at most 100 bytes */
    zz_employment employment;
    bool ai_security;
    const char *position;
    const char *cisp_number; /* with it, both validity dates are required (I3) */
    zz_date cisp_valid_from;
    zz_date cisp_valid_until;
    zz_date nda_signed_on;
} zz_person_in;

/*
 * ZZ_ORG_MANAGE on org_id. OUT: *id. Codes: input.name, input.too_long, input.employment,
 * input.cisp (number without both dates, dates without a number, from after until), input.date
 * (a date that is not a real date).
 */
int zz_person_add(struct zz_ctx *cx, int64_t org_id, const zz_person_in *in, int64_t *id,
                  zz_err *err);
/* ZZ_ORG_MANAGE on the person's organisation: replaces the person's data (R-0.3 correction). */
int zz_person_update(struct zz_ctx *cx, int64_t person_id, const zz_person_in *in, zz_err *err);
/* ZZ_ORG_MANAGE: a person who left is deactivated (kept for the record, ignored by the checks). */
int zz_person_set_active(struct zz_ctx *cx, int64_t person_id, bool active, zz_err *err);
/* ZZ_ORG_READ_PERSONAL. ZZ_ENOTFOUND "person.not_found" also when not visible. Caller frees with
 * zz_person_free. */
int zz_person_get(struct zz_ctx *cx, int64_t person_id, zz_person **out, zz_err *err);
/* ZZ_ORG_READ_PERSONAL: the organisation's people ordered by id. Caller frees with
 * zz_person_list_free. */
int zz_person_list(struct zz_ctx *cx, int64_t org_id, bool include_inactive, zz_person **out,
                   size_t *n, zz_err *err);
void zz_person_free(zz_person *p);
void zz_person_list_free(zz_person *list, size_t n);
/* Canonical JSON of a person. Caller frees with free(). */
int zz_person_to_json(const zz_person *p, char **out, zz_err *err);

/* ---- service projects (R-1.3: 3.2.6-1, 3.2.6-2) -------------------------------------------- */

typedef enum {
    ZZ_ACCEPT_PENDING = 0, /* 未验收 */
    ZZ_ACCEPT_PASSED,      /* 验收通过 */
    ZZ_ACCEPT_FAILED,      /* 验收未通过 */
    ZZ_ACCEPT__COUNT
} zz_acceptance;
const char *zz_acceptance_name(zz_acceptance a);
const char *zz_acceptance_name_zh(zz_acceptance a);
int zz_acceptance_parse(const char *s);

typedef struct zz_project {
    int64_t id;
    int64_t org_id;
    char *name;
    char *client; /* optional, NULL */
    bool ai_security;
    zz_date started_on;   /* optional */
    zz_date completed_on; /* optional: ZZ_NO_DATE while not completed */
    zz_acceptance acceptance;
    zz_date accepted_on; /* set exactly when acceptance is passed or failed (I4) */
} zz_project;

typedef struct zz_project_in {
    const char *name; /* required, at most 200 bytes */
    const char *client;
    bool ai_security;
    zz_date started_on;
    zz_date completed_on;
    zz_acceptance acceptance;
    zz_date accepted_on;
} zz_project_in;

/* ZZ_ORG_MANAGE on org_id. OUT: *id. Codes: input.name, input.acceptance, input.date,
 * input.project_dates (order of started, completed, accepted). */
int zz_project_add(struct zz_ctx *cx, int64_t org_id, const zz_project_in *in, int64_t *id,
                   zz_err *err);
int zz_project_update(struct zz_ctx *cx, int64_t project_id, const zz_project_in *in, zz_err *err);
/* ZZ_ORG_READ_PERSONAL. ZZ_ENOTFOUND "project.not_found". Caller frees with zz_project_free. */
int zz_project_get(struct zz_ctx *cx, int64_t project_id, zz_project **out, zz_err *err);
int zz_project_list(struct zz_ctx *cx, int64_t org_id, zz_project **out, size_t *n, zz_err *err);
void zz_project_free(zz_project *p);
void zz_project_list_free(zz_project *list, size_t n);
int zz_project_to_json(const zz_project *p, char **out, zz_err *err);

#endif

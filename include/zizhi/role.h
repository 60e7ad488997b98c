/*
 * role.h — the roles of SPEC section 0 and the separation of duties of.
 *
 * A role set is a bit mask (1u << zz_role). The three administrator roles (三员: sys_admin,
 * sec_admin, audit_admin) are kept apart: no account holds two of them, nor an administrator
 * role together with a case role. Applicant roles belong to accounts of an organisation;
 * certification-body roles to accounts without one.
 */
#ifndef ZIZHI_ROLE_H
#define ZIZHI_ROLE_H

#include <stdbool.h>

#include "zizhi/errors.h"

typedef enum {
    ZZ_ROLE_APPLICANT_ADMIN = 0, /* 申请单位管理员 */
    ZZ_ROLE_APPLICANT_MEMBER,    /* 申请单位人员 */
    ZZ_ROLE_PROJECT_LEAD,        /* 项目负责人 */
    ZZ_ROLE_ASSESSOR,            /* 项目组成员 */
    ZZ_ROLE_EXPERT,              /* 专家组成员 */
    ZZ_ROLE_MANAGER,             /* 资质评估处负责人 */
    ZZ_ROLE_CERT_OFFICER,        /* 制证工作人员 */
    ZZ_ROLE_SUPERVISOR,          /* 监督部门 */
    ZZ_ROLE_SYS_ADMIN,           /* 系统管理员 */
    ZZ_ROLE_SEC_ADMIN,           /* 安全管理员 */
    ZZ_ROLE_AUDIT_ADMIN,         /* 审计管理员 */
    ZZ_ROLE__COUNT
} zz_role;

typedef unsigned zz_roles; /* bit mask of (1u << zz_role) */

#define ZZ_R(r) (1u << (r))
#define ZZ_ROLES_APPLICANT (ZZ_R(ZZ_ROLE_APPLICANT_ADMIN) | ZZ_R(ZZ_ROLE_APPLICANT_MEMBER))
#define ZZ_ROLES_ADMIN                                                                         \
    (ZZ_R(ZZ_ROLE_SYS_ADMIN) | ZZ_R(ZZ_ROLE_SEC_ADMIN) | ZZ_R(ZZ_ROLE_AUDIT_ADMIN))
#define ZZ_ROLES_CASE                                                                          \
    (ZZ_R(ZZ_ROLE_PROJECT_LEAD) | ZZ_R(ZZ_ROLE_ASSESSOR) | ZZ_R(ZZ_ROLE_EXPERT) |                \
     ZZ_R(ZZ_ROLE_MANAGER) | ZZ_R(ZZ_ROLE_CERT_OFFICER) | ZZ_R(ZZ_ROLE_SUPERVISOR))
#define ZZ_ROLES_BODY (ZZ_ROLES_CASE | ZZ_ROLES_ADMIN)

/* "project_lead" …; NULL for an out-of-range value. */
const char *zz_role_name(zz_role r);
/* "项目负责人" … */
const char *zz_role_name_zh(zz_role r);
/* Parses a role name; -1 when unknown. */
int zz_role_parse(const char *s);

/*
 * 0 when the role set may be held by one account with (has_org) or without an
 * organisation; otherwise ZZ_ERULE with code "auth.separation" (two administrator roles, or an
 * administrator role with a case role) or "auth.role_scope" (applicant role without an
 * organisation, or a certification-body role on an applicant account).
 */
int zz_roles_check(zz_roles roles, bool has_org, zz_err *err);

#endif

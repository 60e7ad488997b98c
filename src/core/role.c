/*
 * role.c — role names and the separation-of-duties rule.
 */
#include "zizhi/role.h"

#include <string.h>

static const char *const NAMES[ZZ_ROLE__COUNT] = {
    "applicant_admin", "applicant_member", "project_lead", "assessor",  "expert",     "manager",
    "cert_officer",    "supervisor",       "sys_admin",    "sec_admin", "audit_admin"};
static const char *const NAMES_ZH[ZZ_ROLE__COUNT] = {
    "申请单位管理员", "申请单位人员", "项目负责人", "项目组成员", "专家组成员",   "资质评估处负责人",
    "制证工作人员",   "监督部门",     "系统管理员", "安全管理员", "审计管理员"};

const char *zz_role_name(zz_role r)
{
    return (unsigned)r < ZZ_ROLE__COUNT ? NAMES[r] : NULL;
}

const char *zz_role_name_zh(zz_role r)
{
    return (unsigned)r < ZZ_ROLE__COUNT ? NAMES_ZH[r] : NULL;
}

int zz_role_parse(const char *s)
{
    for (int i = 0; s && i < ZZ_ROLE__COUNT; i++)
        if (strcmp(NAMES[i], s) == 0)
            return i;
    return -1;
}

static int popcount(unsigned v)
{
    int n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

int zz_roles_check(zz_roles roles, bool has_org, zz_err *err)
{
    zz_roles admin = roles & ZZ_ROLES_ADMIN;
    if (popcount(admin) > 1) /* 三员分立 */
        return zz_err_rule(err, ZZ_ERULE, "auth.separation", "R-0.4",
                           "同一账号不能同时担任两个管理员角色（系统、安全、审计管理员相互分离）%s",
                           "one account cannot hold two administrator roles (system, security "
                           "and audit administrators are kept apart)%s",
                           "");
    if (admin && (roles & (ZZ_ROLES_CASE | ZZ_ROLES_APPLICANT)))
        return zz_err_rule(err, ZZ_ERULE, "auth.separation", "R-0.4",
                           "管理员角色不能与业务角色由同一账号担任%s",
                           "an administrator role cannot be held together with a case role%s",
                           "");
    if ((roles & ZZ_ROLES_APPLICANT) && !has_org)
        return zz_err_rule(err, ZZ_ERULE, "auth.role_scope", "R-0.1",
                           "申请单位角色只能授予属于某申请单位的账号%s",
                           "applicant roles are granted only to accounts of an organisation%s",
                           "");
    if ((roles & ZZ_ROLES_BODY) && has_org)
        return zz_err_rule(err, ZZ_ERULE, "auth.role_scope", "R-0.1",
                           "测评中心角色不能授予申请单位账号%s",
                           "certification-body roles cannot be granted to an applicant account%s",
                           "");
    return 0;
}

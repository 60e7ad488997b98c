/*
 * demo.c — builds the demonstration database (demo.h) by driving the domain actions of the other
 * modules, each as the account that owns the step, on a business date of its own.
 *
 * How: every organisation and every case is a small script of dated steps (a standard timeline
 * relative to the case's submission date d0, cut at the state the case is meant to stay in, plus
 * a few dated extras: withdrawal, archiving, sanctions, an appeal). All steps of all scripts are
 * put in one list, sorted by business date (stable), and run in that order, so the audit log
 * reads as one chronological history. The dates are offsets from the final date F, so the
 * statuses derived from dates (expired, on-time/late maintenance, overdue rectification) hold on
 * F whatever F is.
 */
#include "zizhi/demo.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zizhi/appeal.h"
#include "zizhi/assess.h"
#include "zizhi/blob.h"
#include "zizhi/calendar.h"
#include "zizhi/case.h"
#include "zizhi/catalog.h"
#include "zizhi/cert.h"
#include "zizhi/crypto.h"
#include "zizhi/ctx.h"
#include "zizhi/dossier.h"
#include "zizhi/org.h"
#include "zizhi/panel.h"
#include "zizhi/role.h"
#include "zizhi/sanction.h"
#include "zizhi/user.h"
#include "zizhi/uscc.h"

#define CATEGORY "ai-security"
#define LEVEL    1

#define U_SYS    "demo-sys_admin"
#define U_SEC    "demo-sec_admin"
#define U_AUDIT  "demo-audit_admin"
#define U_LEAD   "demo-project_lead"
#define U_ASSESS "demo-assessor"
#define U_MGR    "demo-manager"
#define U_CERT   "demo-cert_officer"
#define U_SUP    "demo-supervisor"

static const char *const EXPERTS[4] = {"demo-expert", "demo-expert2", "demo-expert3",
                                       "demo-expert4"};

/* ==== static data ============================================================================ */

typedef struct body_def {
    const char *username;
    zz_role role;
    const char *name;
} body_def;

static const body_def BODY[] = {
    {U_LEAD, ZZ_ROLE_PROJECT_LEAD, "陈立新"},   {U_ASSESS, ZZ_ROLE_ASSESSOR, "刘思远"},
    {"demo-expert", ZZ_ROLE_EXPERT, "周正清"},  {"demo-expert2", ZZ_ROLE_EXPERT, "吴敏华"},
    {"demo-expert3", ZZ_ROLE_EXPERT, "郑海涛"}, {"demo-expert4", ZZ_ROLE_EXPERT, "孙博文"},
    {U_MGR, ZZ_ROLE_MANAGER, "王振华"},         {U_CERT, ZZ_ROLE_CERT_OFFICER, "李晓梅"},
    {U_SUP, ZZ_ROLE_SUPERVISOR, "赵志刚"},
};

typedef struct org_def {
    const char *key;
    const char *name;
    const char *prefix17; /* USCC without its check character (GB 32100-2015) */
    const char *city;
    const char *address;
    const char *postcode;
    const char *legal_rep;
    const char *contact;
    const char *phone;
    const char *domain; /* designated e-mail: zizhi@<domain> */
    const char *admin;
    const char *admin_name;
    const char *member; /* NULL: none */
    const char *member_name;
    const char *established;
    int capital_wan;
    int staff;
    const char *people[5];
    const char *projects[3][2]; /* name, client; the third is not AI security */
} org_def;

static const org_def ORGS[] = {
    {
        .key = "A",
        .name = "北京智盾信息安全技术有限公司",
        .prefix17 = "91110108MA01HD7K4",
        .city = "北京",
        .address = "北京市海淀区西北旺东路10号院东区15号楼3层",
        .postcode = "100193",
        .legal_rep = "周建国",
        .contact = "王海燕",
        .phone = "010-82826688",
        .domain = "zhidun.example.cn",
        .admin = "demo-applicant_admin",
        .admin_name = "王海燕",
        .member = "demo-applicant_member",
        .member_name = "张伟",
        .established = "2015-06-18",
        .capital_wan = 5000,
        .staff = 186,
        .people = {"张伟", "李娜", "刘洋", "陈静", "杨帆"},
        .projects = {{"城市商业银行智能客服大模型安全评估", "北京某城市商业银行股份有限公司"},
                     {"政务服务人工智能平台数据安全评估", "北京市某区政务服务中心"},
                     {"企业办公网络等级保护测评咨询", "北京某制造集团有限公司"}},
    },
    {
        .key = "B",
        .name = "上海数安智能科技有限公司",
        .prefix17 = "91310115MA1HKA2Q6",
        .city = "上海",
        .address = "上海市浦东新区张江高科技园区博云路2号5楼",
        .postcode = "201203",
        .legal_rep = "沈立群",
        .contact = "黄敏",
        .phone = "021-50801234",
        .domain = "shuan.example.cn",
        .admin = "demo-applicant_admin2",
        .admin_name = "黄敏",
        .member = "demo-applicant_member2",
        .member_name = "赵磊",
        .established = "2017-03-09",
        .capital_wan = 3000,
        .staff = 124,
        .people = {"赵磊", "周涛", "吴婷", "徐明", "孙丽"},
        .projects = {{"证券公司智能投顾模型安全检测", "上海某证券股份有限公司"},
                     {"医疗影像辅助诊断系统数据安全评估", "上海某三甲医院"},
                     {"园区网络安全运维服务", "上海某科技园区管理有限公司"}},
    },
    {
        .key = "C",
        .name = "深圳鹏城可信智能科技有限公司",
        .prefix17 = "91440305MA5PCK9T3",
        .city = "深圳",
        .address = "深圳市南山区粤海街道科技南十二路18号长虹科技大厦12楼",
        .postcode = "518057",
        .legal_rep = "林志远",
        .contact = "马超",
        .phone = "0755-26701234",
        .domain = "pctrust.example.cn",
        .admin = "demo-applicant_admin3",
        .admin_name = "马超",
        .established = "2014-11-20",
        .capital_wan = 8000,
        .staff = 240,
        .people = {"马超", "朱红", "胡军", "郭芳", "何勇"},
        .projects = {{"智能网联汽车感知模型对抗鲁棒性测试", "深圳某汽车科技有限公司"},
                     {"跨境电商推荐算法安全评估", "深圳某电子商务有限公司"},
                     {"数据中心安全加固服务", "深圳某云计算有限公司"}},
    },
    {
        .key = "D",
        .name = "北京安图人工智能安全研究院有限公司",
        .prefix17 = "91110105MA02AT3R2",
        .city = "北京",
        .address = "北京市朝阳区酒仙桥路4号电子城科技大厦8层",
        .postcode = "100015",
        .legal_rep = "高振宇",
        .contact = "高原",
        .phone = "010-64301234",
        .domain = "antu.example.cn",
        .admin = "demo-applicant_admin4",
        .admin_name = "高原",
        .established = "2018-08-08",
        .capital_wan = 2000,
        .staff = 96,
        .people = {"高原", "林峰", "罗琳", "郑浩", "梁晨"},
        .projects = {{"能源企业工业视觉模型安全评估", "北京某能源集团有限公司"},
                     {"高校人工智能实验平台安全评估", "北京某大学"},
                     {"互联网企业渗透测试服务", "北京某网络科技有限公司"}},
    },
    {
        .key = "E",
        .name = "上海卫智网络安全服务有限公司",
        .prefix17 = "91310104MA1WX6LE2",
        .city = "上海",
        .address = "上海市徐汇区宜山路700号普天信息产业园B2栋6楼",
        .postcode = "200233",
        .legal_rep = "顾文斌",
        .contact = "谢雨",
        .phone = "021-64851234",
        .domain = "weizhi.example.cn",
        .admin = "demo-applicant_admin5",
        .admin_name = "谢雨",
        .established = "2019-04-16",
        .capital_wan = 1000,
        .staff = 72,
        .people = {"谢雨", "宋佳", "唐亮", "韩雪", "冯刚"},
        .projects = {{"保险公司智能理赔模型安全评估", "上海某财产保险股份有限公司"},
                     {"生成式人工智能服务备案安全评估", "上海某信息技术有限公司"},
                     {"商场安防系统安全巡检", "上海某商业管理有限公司"}},
    },
    {
        .key = "F",
        .name = "深圳前海云启安全技术有限公司",
        .prefix17 = "91440304MA5QY8CX3",
        .city = "深圳",
        .address = "深圳市福田区福华三路88号财富大厦21楼",
        .postcode = "518048",
        .legal_rep = "邓家豪",
        .contact = "于洁",
        .phone = "0755-83201234",
        .domain = "yunqi.example.cn",
        .admin = "demo-applicant_admin6",
        .admin_name = "于洁",
        .established = "2020-01-06",
        .capital_wan = 1500,
        .staff = 58,
        .people = {"于洁", "董鹏", "萧然", "韦清", "丁一凡"},
        .projects = {{"物流企业智能调度算法安全评估", "深圳某供应链管理有限公司"},
                     {"智慧社区人脸识别系统安全评估", "深圳某物业服务有限公司"},
                     {"企业邮件系统安全评估", "深圳某贸易有限公司"}},
    },
};
#define N_ORGS (sizeof ORGS / sizeof ORGS[0])

static const char *const POSITIONS[5] = {"技术负责人", "人工智能安全评估工程师", "算法安全研究员",
                                         "数据安全工程师", "项目管理顾问（兼职）"};

/* ==== scripts ================================================================================ */

/* The standard timeline of a case, in order; offsets are days from the submission date d0. */
typedef enum step {
    ST_CREATE,
    ST_FORM,
    ST_ANSWERS,
    ST_EVIDENCE,
    ST_STAMP,
    ST_BOUND,
    ST_PACKAGE,
    ST_SUBMIT,
    ST_ASSIGN,
    ST_RECEIVE,
    ST_FILE,
    ST_SUPPL_REQ,  /* only with a supplement round */
    ST_SUPPL_RECV, /* only with a supplement round */
    ST_REVIEW,     /* from here on, shifted by SUPPL_SHIFT with a supplement round */
    ST_AGREEMENT,
    ST_EFFECTIVE,
    ST_PAY,
    ST_START,
    ST_PLAN,
    ST_ACT_DOC,
    ST_ACT_INT,
    ST_ACT_DEMO,
    ST_RATE,
    ST_RECTIFY,   /* only with a rectification */
    ST_RECTIFIED, /* only with a rectification that is done */
    ST_CONCLUDE,
    ST_EXPERTS,
    ST_VOTES,
    ST_PANEL,
    ST_APPROVE,
    ST_BATCH,
    ST_ISSUE,
    ST_PUBLISH,
    ST__COUNT
} step;

/* Each step's day (relative to d0) and its name in failure reports. */
static const struct {
    int off;
    const char *name;
} STEPS[ST__COUNT] = {
    [ST_CREATE] = {-45, "dossier.create"},
    [ST_FORM] = {-44, "dossier.form"},
    [ST_ANSWERS] = {-40, "dossier.answer"},
    [ST_EVIDENCE] = {-36, "dossier.attach"},
    [ST_STAMP] = {-10, "dossier.stamp"},
    [ST_BOUND] = {-9, "dossier.bound"},
    [ST_PACKAGE] = {-5, "dossier.package"},
    [ST_SUBMIT] = {0, "dossier.submit"},
    [ST_ASSIGN] = {1, "case.assign"},
    [ST_RECEIVE] = {5, "case.receive"},
    [ST_FILE] = {7, "case.file"},
    [ST_SUPPL_REQ] = {14, "case.review(supplement)"},
    [ST_SUPPL_RECV] = {28, "case.supplement_received"},
    [ST_REVIEW] = {14, "case.review"},
    [ST_AGREEMENT] = {16, "case.agreement"},
    [ST_EFFECTIVE] = {24, "case.agreement_effective"},
    [ST_PAY] = {27, "case.pay"},
    [ST_START] = {30, "case.start_assessment"},
    [ST_PLAN] = {34, "assess.plan"},
    [ST_ACT_DOC] = {38, "assess.activity(document_review)"},
    [ST_ACT_INT] = {41, "assess.activity(interview)"},
    [ST_ACT_DEMO] = {43, "assess.activity(demonstration)"},
    [ST_RATE] = {48, "assess.rate"},
    [ST_RECTIFY] = {48, "assess.rectify"},
    [ST_RECTIFIED] = {51, "assess.rectified"},
    [ST_CONCLUDE] = {53, "assess.conclude"},
    [ST_EXPERTS] = {54, "case.assign(expert)"},
    [ST_VOTES] = {61, "panel.vote"},
    [ST_PANEL] = {63, "panel.conclude"},
    [ST_APPROVE] = {67, "panel.approve"},
    [ST_BATCH] = {71, "cert.batch"},
    [ST_ISSUE] = {74, "cert.issue"},
    [ST_PUBLISH] = {77, "cert.publish"},
};
#define SUPPL_SHIFT 16

typedef enum { RATE_PASS, RATE_FAIL, RATE_PARTIAL } rate_kind;

typedef struct scen {
    const char *key; /* "A1" */
    int org;
    zz_date d0; /* submission date (set by plan()) */
    bool suppl; /* a supplement round in acceptance review */
    step stop;  /* the last step run */
    bool not_accepted;
    rate_kind rating;
    bool rect;   /* a rectification is requested (done when stop > ST_RECTIFY) */
    int n_votes; /* votes recorded at ST_VOTES (3 unless the panel is still voting) */
    bool fail;   /* the panel fails the case */
    bool two_payments;
    bool partial_draft; /* the draft: half the answers and evidence */
    /* runtime */
    int64_t dossier_id, case_id, batch_id, cert_id, rect_id, sanction_id;
} scen;

enum extra {
    EV_BOOT = ST__COUNT, /* system: the three administrators */
    EV_BODY,             /* sys_admin, sec_admin: the certification body's accounts */
    EV_ORG,              /* sys_admin, sec_admin: an organisation and its accounts */
    EV_ORG_DATA,         /* applicant_admin: people and projects */
    EV_WITHDRAW,
    EV_ARCHIVE,
    EV_WARNING,
    EV_RECT_SANCTION,
    EV_SUSPEND,
    EV_REVOKE,
    EV_APPEAL_FILE,
    EV_APPEAL_DECIDE,
    EV_COMPLAINT,
};

typedef struct event {
    zz_date date;
    int seq;
    int kind;  /* a step, or an enum extra */
    int index; /* scenario or organisation */
} event;

typedef struct demo {
    zz_ctx *cx;
    zz_err *err;
    const char *password; /* NULL: generated per account */
    zz_date final;
    zz_date day;
    int64_t k; /* actions so far on `day` */
    const zz_catalog *cat;
    scen *sc;
    size_t n_sc;
    int64_t org_id[N_ORGS];
    zz_date org_created[N_ORGS];
    event *ev;
    size_t n_ev, cap_ev;
    zz_demo_result *out;
    size_t cap_acc;
    int64_t scratch; /* ids the demo does not keep */
} demo;

/* ==== small helpers ========================================================================== */

static int nomem(zz_err *err)
{
    return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
}

static zz_date back(const demo *dm, int days)
{
    return zz_date_add_days(dm->final, -days);
}

static const char *ds(zz_date d, char buf[ZZ_DATE_STRLEN])
{
    return zz_date_format(d, buf);
}

/* Moves the clock to the next action on the current business day: 09:00 Shanghai + 30 s each. */
static void tick(demo *dm)
{
    zz_clock c = zz_clock_fixed(dm->day);
    dm->cx->clock.today = dm->day;
    dm->cx->clock.now_usec = c.now_usec + (int64_t)9 * 3600 * 1000000 + dm->k++ * 30 * 1000000;
}

static int as(demo *dm, const char *username)
{
    tick(dm);
    return zz_ctx_act_as(dm->cx, username, dm->err);
}

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        int rc_ = (expr);                                                                          \
        if (rc_ < 0) return rc_;                                                                   \
    } while (0)
/* One domain action at the next instant of the day. */
#define ACT(expr)                                                                                  \
    do {                                                                                           \
        tick(dm);                                                                                  \
        TRY(expr);                                                                                 \
    } while (0)

static int push(demo *dm, zz_date date, int kind, int index)
{
    if (dm->n_ev == dm->cap_ev) {
        size_t nc = dm->cap_ev ? dm->cap_ev * 2 : 256;
        event *nv = realloc(dm->ev, nc * sizeof *nv);
        if (!nv) return nomem(dm->err);
        dm->ev = nv;
        dm->cap_ev = nc;
    }
    dm->ev[dm->n_ev] = (event){date, (int)dm->n_ev, kind, index};
    dm->n_ev++;
    return 0;
}

static int cmp_event(const void *a, const void *b)
{
    const event *x = a, *y = b;
    int c = zz_date_cmp(x->date, y->date);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

int zz_demo_password(char *buf, size_t cap, zz_err *err)
{
    static const char ALPHA[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    const size_t na = sizeof ALPHA - 1;
    if (cap < 20)
        return zz_err_set(err, ZZ_EINVAL, "input.too_small", "密码缓冲区过小%s",
                          "password buffer too small%s", "");
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned char r[32];
        TRY(zz_random_bytes(r, sizeof r, err));
        size_t p = 0, j = 0;
        for (int g = 0; g < 4; g++) {
            if (g) buf[p++] = '-';
            for (int i = 0; i < 4; i++) {
                unsigned char b;
                do { /* rejection sampling: no modulo bias */
                    if (j == sizeof r) {
                        TRY(zz_random_bytes(r, sizeof r, err));
                        j = 0;
                    }
                    b = r[j++];
                } while (b >= 256 - 256 % na);
                buf[p++] = ALPHA[b % na];
            }
        }
        buf[p] = '\0';
        /* every class present (upper, lower, digit; '-' is the symbol), not only the policy's 3 of 4 */
        bool up = false, lo = false, dig = false;
        for (const char *c = buf; *c; c++) {
            up |= *c >= 'A' && *c <= 'Z';
            lo |= *c >= 'a' && *c <= 'z';
            dig |= *c >= '0' && *c <= '9';
        }
        if (up && lo && dig && zz_user_password_check(NULL, buf, NULL) == 0) return 0;
    }
    return zz_err_set(err, ZZ_ERROR, "demo.password", "无法生成密码%s",
                      "could not generate a password%s", "");
}

/* Records an account for the printed table. */
static int add_account(demo *dm, const char *username, zz_role role, const char *name,
                       const char *org_name, const char *password)
{
    zz_demo_result *o = dm->out;
    if (o->n_accounts == dm->cap_acc) {
        size_t nc = dm->cap_acc ? dm->cap_acc * 2 : 32;
        zz_demo_account *nv = realloc(o->accounts, nc * sizeof *nv);
        if (!nv) return nomem(dm->err);
        o->accounts = nv;
        dm->cap_acc = nc;
    }
    zz_demo_account *a = &o->accounts[o->n_accounts++];
    memset(a, 0, sizeof *a);
    snprintf(a->username, sizeof a->username, "%s", username);
    snprintf(a->role, sizeof a->role, "%s", zz_role_name(role));
    snprintf(a->role_zh, sizeof a->role_zh, "%s", zz_role_name_zh(role));
    snprintf(a->display_name, sizeof a->display_name, "%s", name);
    snprintf(a->org_name, sizeof a->org_name, "%s", org_name ? org_name : "");
    snprintf(a->password, sizeof a->password, "%s", password);
    return 0;
}

static int password_for(demo *dm, char buf[65])
{
    if (dm->password) {
        snprintf(buf, 65, "%s", dm->password);
        return 0;
    }
    return zz_demo_password(buf, 65, dm->err);
}

static void email_of(char *buf, size_t cap, const char *username)
{
    snprintf(buf, cap, "%s@zizhi-demo.example.cn", username);
}

/* ==== accounts and organisations ============================================================ */

/* sys_admin creates the account, sec_admin grants its role (R-0.4: kept apart). */
static int make_account(demo *dm, const char *username, const char *name, int64_t org_id,
                        zz_role role, const char *org_name)
{
    char pw[65], mail[128];
    TRY(password_for(dm, pw));
    email_of(mail, sizeof mail, username);
    zz_user_new in = {username, name, mail, org_id, pw};
    TRY(as(dm, U_SYS));
    ACT(zz_user_create(dm->cx, &in, &dm->scratch, dm->err));
    TRY(as(dm, U_SEC));
    ACT(zz_user_grant(dm->cx, username, role, dm->err));
    return add_account(dm, username, role, name, org_name, pw);
}

static int ev_boot(demo *dm)
{
    /* the system sets up the three administrators (三员) before anyone else exists */
    static const body_def ADMINS[] = {{U_SYS, ZZ_ROLE_SYS_ADMIN, "钱卫东"},
                                      {U_SEC, ZZ_ROLE_SEC_ADMIN, "冯雅琴"},
                                      {U_AUDIT, ZZ_ROLE_AUDIT_ADMIN, "蒋文涛"}};
    zz_ctx_act_as_system(dm->cx);
    for (size_t i = 0; i < 3; i++) {
        char pw[65], mail[128];
        TRY(password_for(dm, pw));
        email_of(mail, sizeof mail, ADMINS[i].username);
        zz_user_new in = {ADMINS[i].username, ADMINS[i].name, mail, 0, pw};
        ACT(zz_user_create(dm->cx, &in, &dm->scratch, dm->err));
        ACT(zz_user_grant(dm->cx, ADMINS[i].username, ADMINS[i].role, dm->err));
        TRY(add_account(dm, ADMINS[i].username, ADMINS[i].role, ADMINS[i].name, NULL, pw));
    }
    return 0;
}

static int ev_body(demo *dm)
{
    for (size_t i = 0; i < sizeof BODY / sizeof BODY[0]; i++)
        TRY(make_account(dm, BODY[i].username, BODY[i].name, 0, BODY[i].role, NULL));
    return 0;
}

static int ev_org(demo *dm, int oi)
{
    const org_def *o = &ORGS[oi];
    char uscc[ZZ_USCC_LEN + 1], mail[128], pw[65], amail[128];
    TRY(zz_uscc_make(uscc, o->prefix17, dm->err));
    snprintf(mail, sizeof mail, "zizhi@%s", o->domain);
    TRY(password_for(dm, pw));
    email_of(amail, sizeof amail, o->admin);
    zz_org_in in = {o->name, uscc, true, NULL, NULL, o->address, o->contact, o->phone, mail};
    zz_user_new admin = {o->admin, o->admin_name, amail, 0, pw};
    TRY(as(dm, U_SYS));
    ACT(zz_org_create(dm->cx, &in, &admin, &dm->org_id[oi], NULL, dm->err));
    TRY(as(dm, U_SEC));
    ACT(zz_user_grant(dm->cx, o->admin, ZZ_ROLE_APPLICANT_ADMIN, dm->err));
    TRY(add_account(dm, o->admin, ZZ_ROLE_APPLICANT_ADMIN, o->admin_name, o->name, pw));
    if (o->member)
        TRY(make_account(dm, o->member, o->member_name, dm->org_id[oi], ZZ_ROLE_APPLICANT_MEMBER,
                         o->name));
    dm->out->n_orgs++;
    return 0;
}

/* People (R-1.3 3.2.1-3, 3.2.3-5) and projects (3.2.6-1), recorded by the applicant_admin. */
static int ev_org_data(demo *dm, int oi)
{
    const org_def *o = &ORGS[oi];
    zz_date c = dm->org_created[oi];
    TRY(as(dm, o->admin));
    for (int k = 0; k < 5; k++) {
        bool cisp = k < 4;
        char num[40];
        zz_date from = zz_date_add_days(c, -420 + 37 * k);
        snprintf(num, sizeof num, "CNITSEC%04dCISP%05d", from.year, 10317 + oi * 211 + k * 29);
        zz_person_in p = {o->people[k],
                          cisp ? ZZ_EMPLOY_FULL_TIME : ZZ_EMPLOY_PART_TIME,
                          true,
                          POSITIONS[k],
                          cisp ? num : NULL,
                          cisp ? from : ZZ_NO_DATE,
                          cisp ? zz_date_add_days(dm->final, 480 + 23 * k) : ZZ_NO_DATE,
                          zz_date_add_days(c, -60 + 5 * k)};
        ACT(zz_person_add(dm->cx, dm->org_id[oi], &p, &dm->scratch, dm->err));
    }
    for (int k = 0; k < 3; k++) {
        zz_date start = zz_date_add_days(c, -520 + 150 * k);
        zz_project_in p = {o->projects[k][0],
                           o->projects[k][1],
                           k < 2,
                           start,
                           zz_date_add_days(start, 120),
                           ZZ_ACCEPT_PASSED,
                           zz_date_add_days(start, 135)};
        ACT(zz_project_add(dm->cx, dm->org_id[oi], &p, &dm->scratch, dm->err));
    }
    return 0;
}

/* ==== dossier steps ========================================================================== */

static const char *preparer(const scen *s)
{
    const org_def *o = &ORGS[s->org];
    return o->member ? o->member : o->admin;
}

static int step_form(demo *dm, scen *s)
{
    const org_def *o = &ORGS[s->org];
    char uscc[ZZ_USCC_LEN + 1], mail[128], today[ZZ_DATE_STRLEN], overview[600], tech[600],
        plan[400], projects[600], assets[300];
    TRY(zz_uscc_make(uscc, o->prefix17, dm->err));
    snprintf(mail, sizeof mail, "zizhi@%s", o->domain);
    snprintf(overview, sizeof overview,
             "%s成立于%.4s年，注册地%s，是专业从事网络安全与人工智能安全服务的企业，现有员工 %d "
             "人，设有人工智能安全评估部、数据安全部和质量管理部，建立了覆盖服务全过程的质量管理"
             "体系。",
             o->name, o->established, o->city, o->staff);
    snprintf(tech, sizeof tech,
             "具备大模型安全评估、对抗样本与鲁棒性测试、训练数据安全评估、算法备案支撑等技术能力，"
             "拥有自研测试平台与漏洞知识库，专职注册信息安全专业人员 4 人。");
    snprintf(plan, sizeof plan,
             "未来三年围绕生成式人工智能服务安全评估、模型供应链安全和数据安全治理扩展服务能力，"
             "持续投入人员培养与工具建设。");
    snprintf(projects, sizeof projects, "1. %s（委托单位：%s）；2. %s（委托单位：%s）。",
             o->projects[0][0], o->projects[0][1], o->projects[1][0], o->projects[1][1]);
    snprintf(assets, sizeof assets,
             "近三年资产状况良好，营业收入稳步增长，无重大诉讼和不良信用记录（详见审计报告）。");
    json_t *f = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:i,s:i,s:i,s:s,s:s,s:s,s:s,s:s,"
        "s:b,s:s}",
        "org_name", o->name, "uscc", uscc, "legal_representative", o->legal_rep,
        "registered_address", o->address, "mailing_address", o->address, "postcode", o->postcode,
        "contact_name", o->contact, "contact_phone", o->phone, "contact_email", mail, "website",
        o->domain, "established_on", o->established, "registered_capital_wan", o->capital_wan,
        "org_nature", "有限责任公司", "staff_total", o->staff, "security_staff", 5, "cisp_fulltime",
        4, "overview", overview, "assets_operations", assets, "technical_capability", tech,
        "projects_summary", projects, "development_plan", plan, "declaration", 1, "filled_on",
        ds(dm->day, today));
    if (!f) return nomem(dm->err);
    char *text = json_dumps(f, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(f);
    if (!text) return nomem(dm->err);
    tick(dm);
    int rc = zz_dossier_set_form(dm->cx, s->dossier_id, text, dm->err);
    free(text);
    return rc;
}

static int step_answers(demo *dm, scen *s)
{
    size_t n = s->partial_draft ? dm->cat->n_reqs / 2 : dm->cat->n_reqs;
    for (size_t i = 0; i < n; i++) {
        const zz_cat_req *r = dm->cat->reqs[i];
        char st[400];
        switch (r->kind) {
        case ZZ_KIND_ELIGIBILITY:
            snprintf(st, sizeof st,
                     "本单位满足该项基本资格要求，营业执照、章程等材料见证据（%s）。", r->id);
            break;
        case ZZ_KIND_CAPABILITY:
            snprintf(st, sizeof st,
                     "本单位已建立相应制度并有效执行，制度文件与执行记录见证据（%s）。", r->id);
            break;
        default:
            snprintf(
                st, sizeof st,
                "本单位在人工智能安全服务项目中已实施该过程域的全部基本实践，过程记录见证据（%s"
                "）。",
                r->id);
            break;
        }
        ACT(zz_dossier_answer(dm->cx, s->dossier_id, r->id, ZZ_SELF_CONFORMS, st, dm->err));
    }
    return 0;
}

#define EVID_MAX 65536

/* One evidence document per group of the catalogue, mapped to the requirements it holds. */
static int step_evidence(demo *dm, scen *s)
{
    const org_def *o = &ORGS[s->org];
    const zz_catalog *cat = dm->cat;
    const char **ids = calloc(cat->n_reqs ? cat->n_reqs : 1, sizeof *ids);
    char *body = malloc(EVID_MAX);
    if (!ids || !body) {
        free(ids);
        free(body);
        return nomem(dm->err);
    }
    int rc = 0, groups = 0;
    char today[ZZ_DATE_STRLEN];
    ds(dm->day, today);
    for (size_t i = 0; i < cat->n_reqs && rc == 0; i++) {
        const zz_cat_group *g = cat->reqs[i]->group;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = cat->reqs[j]->group == g;
        if (seen) continue;
        if (s->partial_draft && groups >= 3) break;
        groups++;
        size_t n = 0, len = 0;
        len += (size_t)snprintf(body + len, EVID_MAX - len,
                                "证据材料（演示数据）\n申请单位：%s\n章节：%s %s\n编制日期：%s\n\n"
                                "覆盖要求：\n",
                                o->name, g->id, g->title, today);
        for (size_t j = i; j < cat->n_reqs; j++) {
            if (cat->reqs[j]->group != g) continue;
            ids[n++] = cat->reqs[j]->id;
            if (len + strlen(cat->reqs[j]->text) + 80 < EVID_MAX)
                len += (size_t)snprintf(body + len, EVID_MAX - len, "  %s %s\n", cat->reqs[j]->id,
                                        cat->reqs[j]->text);
        }
        if (len + 200 < EVID_MAX)
            len +=
                (size_t)snprintf(body + len, EVID_MAX - len,
                                 "\n本文件汇编上述要求对应的制度文件、执行记录和项目过程记录。\n");
        char digest[ZZ_SM3_HEXLEN + 1], name[200];
        snprintf(name, sizeof name, "%s %s 证据材料.txt", g->id, g->title);
        tick(dm);
        if ((rc = zz_blob_put(digest, dm->cx->data_dir, body, len, dm->err)) < 0) break;
        tick(dm);
        rc = zz_dossier_add_evidence(dm->cx, s->dossier_id, digest, name, "text/plain", len, ids, n,
                                     &dm->scratch, dm->err);
    }
    free(ids);
    free(body);
    return rc;
}

/* The scan of the stamped form (加盖公章): a small PDF made for the demo. */
static int step_stamp(demo *dm, scen *s)
{
    const org_def *o = &ORGS[s->org];
    char pdf[1024], today[ZZ_DATE_STRLEN], digest[ZZ_SM3_HEXLEN + 1];
    int len = snprintf(pdf, sizeof pdf,
                       "%%PDF-1.4\n%% 信息安全服务资质申请书（盖章扫描件，演示数据）\n"
                       "%% 申请单位：%s\n%% 盖章日期：%s\n1 0 obj << /Type /Catalog /Pages 2 0 R "
                       ">> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                       "trailer << /Root 1 0 R >>\n%%%%EOF\n",
                       o->name, ds(dm->day, today));
    tick(dm);
    TRY(zz_blob_put(digest, dm->cx->data_dir, pdf, (size_t)len, dm->err));
    ACT(zz_dossier_set_stamped_scan(dm->cx, s->dossier_id, digest, dm->err));
    return 0;
}

static int step_submit(demo *dm, scen *s)
{
    ACT(zz_dossier_submit(dm->cx, s->dossier_id, &s->case_id, dm->err));
    char track[32];
    snprintf(track, sizeof track, "SF%013lld", 1406520000000LL + (long long)s->case_id * 7919);
    ACT(zz_dossier_set_courier(dm->cx, s->dossier_id, "顺丰速运", track, dm->err));
    dm->out->n_cases++;
    return 0;
}

/* ==== case steps ============================================================================= */

static int step_review(demo *dm, scen *s, bool supplement)
{
    const char *op;
    zz_review_outcome oc;
    if (supplement) {
        oc = ZZ_REVIEW_SUPPLEMENT;
        op = "申请书形式符合要求。请补充：1. 近一年专职 CISP 人员的社保缴纳证明；2. "
             "3.2.6-1 所列项目的验收报告扫描件。";
    } else if (s->not_accepted) {
        oc = ZZ_REVIEW_NOT_ACCEPTED;
        op = "经审查，申请材料中人工智能安全过程域（3.3）的实施证据均为制度文本，缺少项目实施"
             "记录，不能证明基本实践已实施，不予受理。可在补齐项目过程记录后重新申请。";
    } else {
        oc = ZZ_REVIEW_ACCEPTED;
        op = "申请书形式符合要求，基本资格、基本能力、人工智能安全过程域和项目与组织过程域的"
             "证据充分，予以受理。";
    }
    ACT(zz_case_review(dm->cx, s->case_id, oc, op, dm->err));
    return 0;
}

static int pay_outstanding(demo *dm, scen *s, int64_t cap_fen, const char *ref)
{
    zz_case_initiation x;
    tick(dm);
    TRY(zz_case_initiation_get(dm->cx, s->case_id, &x, dm->err));
    int64_t amount = x.outstanding_fen;
    zz_case_initiation_free(&x);
    if (cap_fen > 0 && amount > cap_fen) amount = cap_fen;
    if (amount <= 0) return 0;
    ACT(zz_case_record_payment(dm->cx, s->case_id, amount, dm->day, ref, dm->err));
    return 0;
}

static int activity(demo *dm, scen *s, const char *method, const char *who, const char *evidence,
                    const char *findings, bool (*pick)(const zz_cat_req *))
{
    const zz_catalog *cat = dm->cat;
    const char **ids = calloc(cat->n_reqs ? cat->n_reqs : 1, sizeof *ids);
    if (!ids) return nomem(dm->err);
    size_t n = 0;
    for (size_t i = 0; i < cat->n_reqs; i++)
        if (pick(cat->reqs[i])) ids[n++] = cat->reqs[i]->id;
    tick(dm);
    int rc = zz_case_record_activity(dm->cx, s->case_id, method, dm->day, who, ids, n, evidence,
                                     findings, NULL, dm->err);
    free(ids);
    return rc;
}

static bool pick_basic(const zz_cat_req *r)
{
    return r->kind == ZZ_KIND_ELIGIBILITY || r->kind == ZZ_KIND_CAPABILITY;
}
static bool pick_org_pa(const zz_cat_req *r)
{
    return r->kind == ZZ_KIND_ORG_PA;
}
static bool pick_ai_pa(const zz_cat_req *r)
{
    return r->kind == ZZ_KIND_AI_PA;
}

static const char *participants(const scen *s, char *buf, size_t cap)
{
    const org_def *o = &ORGS[s->org];
    snprintf(buf, cap,
             "评估方：陈立新（项目负责人）、刘思远（评估人员）；申请单位：%s（%s）、%s（%s）",
             o->people[0], POSITIONS[0], o->people[1], POSITIONS[1]);
    return buf;
}

/* The index (in cat->bps) of the base practice rectified in a rectification script. */
static size_t rect_bp(const demo *dm)
{
    return dm->cat->n_bps > 12 ? 12 : 0;
}

static int step_rate(demo *dm, scen *s)
{
    const zz_catalog *cat = dm->cat;
    for (size_t i = 0; i < cat->n_reqs; i++) {
        const zz_cat_req *r = cat->reqs[i];
        if (!pick_basic(r)) continue;
        zz_rating v = ZZ_RATING_CONFORMS;
        if (s->rating == RATE_FAIL && (i % 11) == 7) v = ZZ_RATING_PARTIAL;
        ACT(zz_case_rate(dm->cx, s->case_id, r->id, v, NULL, dm->err));
    }
    size_t n = s->rating == RATE_PARTIAL ? (cat->n_bps < 40 ? cat->n_bps : 40) : cat->n_bps;
    for (size_t i = 0; i < n; i++) {
        zz_rating v = ZZ_RATING_PERFORMED;
        if (s->rating == RATE_FAIL && (i % 9) == 4) v = ZZ_RATING_NOT_PERFORMED;
        if (s->rating == RATE_FAIL && (i % 13) == 7) v = ZZ_RATING_PARTIAL;
        if (s->rect && i == rect_bp(dm)) v = ZZ_RATING_PARTIAL;
        ACT(zz_case_rate(dm->cx, s->case_id, cat->bps[i]->id, v, NULL, dm->err));
    }
    return 0;
}

static int step_votes(demo *dm, scen *s, int si)
{
    static const char *const PASS_OP[3] = {
        "证据充分，评估活动覆盖全部要求项和基本实践，项目审核结论合理，同意通过。",
        "人员、项目与过程记录相互印证，实际操作演示可信，同意通过。",
        "审核结论与证据一致，建议通过，并在监督中关注数据安全过程域的持续改进。"};
    static const char *const FAIL_OP[3] = {
        "多个人工智能安全过程域的基本实践缺少实施记录，项目审核结论（未达到一级要求）合理，不予通过"
        "。",
        "模型安全测试与数据安全过程证据不足，同意项目组结论，不予通过。",
        "未实施的基本实践较多，不满足一级要求，不予通过。"};
    int n = s->n_votes ? s->n_votes : 3;
    for (int k = 0; k < n; k++) {
        TRY(as(dm, EXPERTS[(si + k) % 4]));
        ACT(zz_case_vote(dm->cx, s->case_id, s->fail ? ZZ_VOTE_FAIL : ZZ_VOTE_PASS,
                         s->fail ? FAIL_OP[k] : PASS_OP[k], dm->err));
    }
    return 0;
}

static int find_cert(demo *dm, scen *s)
{
    zz_cert_filter f = {dm->org_id[s->org], 0, NULL, 0, 500};
    zz_cert *v = NULL;
    size_t n = 0;
    int64_t total = 0;
    tick(dm);
    TRY(zz_cert_list(dm->cx, &f, &v, &n, &total, dm->err));
    for (size_t i = 0; i < n; i++)
        if (v[i].case_id == s->case_id) s->cert_id = v[i].id;
    zz_cert_list_free(v, n);
    if (!s->cert_id)
        return zz_err_set(dm->err, ZZ_ERROR, "demo.no_cert", "项目 %s 发证后找不到证书",
                          "no certificate found for %s after issue", s->key);
    dm->out->n_certs++;
    return 0;
}

static int run_step(demo *dm, int si, step st)
{
    scen *s = &dm->sc[si];
    const org_def *o = &ORGS[s->org];
    char buf[600], d1[ZZ_DATE_STRLEN], d2[ZZ_DATE_STRLEN], d3[ZZ_DATE_STRLEN];
    int shift = s->suppl ? SUPPL_SHIFT : 0;
    switch (st) {
    case ST_CREATE:
        TRY(as(dm, preparer(s)));
        ACT(zz_dossier_create(dm->cx, 0, CATEGORY, LEVEL, &s->dossier_id, dm->err));
        dm->out->n_dossiers++;
        return 0;
    case ST_FORM:
        TRY(as(dm, preparer(s)));
        return step_form(dm, s);
    case ST_ANSWERS:
        TRY(as(dm, preparer(s)));
        return step_answers(dm, s);
    case ST_EVIDENCE:
        TRY(as(dm, preparer(s)));
        return step_evidence(dm, s);
    case ST_STAMP:
        TRY(as(dm, o->admin));
        return step_stamp(dm, s);
    case ST_BOUND:
        TRY(as(dm, o->admin));
        ACT(zz_dossier_declare_bound(dm->cx, s->dossier_id, dm->err));
        return 0;
    case ST_PACKAGE:
        TRY(as(dm, preparer(s)));
        ACT(zz_dossier_build_package(dm->cx, s->dossier_id, NULL, NULL, dm->err));
        return 0;
    case ST_SUBMIT:
        TRY(as(dm, o->admin));
        return step_submit(dm, s);
    case ST_ASSIGN:
        TRY(as(dm, U_MGR));
        ACT(zz_case_assign(dm->cx, s->case_id, U_LEAD, ZZ_ROLE_PROJECT_LEAD, dm->err));
        ACT(zz_case_assign(dm->cx, s->case_id, U_ASSESS, ZZ_ROLE_ASSESSOR, dm->err));
        return 0;
    case ST_RECEIVE:
        TRY(as(dm, U_LEAD));
        ACT(zz_case_receive_paper(dm->cx, s->case_id, dm->day, true,
                                  "顺丰速运送达：盖章装订的申请书一份、光盘一张，与电子版一致",
                                  dm->err));
        return 0;
    case ST_FILE:
        TRY(as(dm, U_LEAD));
        ACT(zz_case_file(dm->cx, s->case_id, dm->err));
        return 0;
    case ST_SUPPL_REQ:
        TRY(as(dm, U_LEAD));
        return step_review(dm, s, true);
    case ST_SUPPL_RECV:
        TRY(as(dm, o->admin));
        ACT(zz_case_supplement_received(dm->cx, s->case_id, dm->err));
        return 0;
    case ST_REVIEW:
        TRY(as(dm, U_LEAD));
        return step_review(dm, s, false);
    case ST_AGREEMENT:
        TRY(as(dm, U_LEAD));
        ACT(zz_case_draft_agreement(dm->cx, s->case_id, dm->err));
        ACT(zz_case_send_agreement(dm->cx, s->case_id, dm->err));
        return 0;
    case ST_EFFECTIVE:
        TRY(as(dm, U_LEAD));
        ACT(zz_case_agreement_effective(dm->cx, s->case_id, dm->day, dm->err));
        if (s->two_payments) /* the audit fee first, the annual fee later */
            TRY(pay_outstanding(dm, s, 2100000, "银行转账 审核费用"));
        return 0;
    case ST_PAY:
        TRY(as(dm, U_LEAD));
        return pay_outstanding(dm, s, 0, s->two_payments ? "银行转账 三年年金" : "银行转账 全款");
    case ST_START:
        TRY(as(dm, U_LEAD));
        ACT(zz_case_start_assessment(dm->cx, s->case_id, dm->err));
        return 0;
    case ST_PLAN: {
        zz_date a = zz_date_add_days(s->d0, STEPS[ST_ACT_DOC].off + shift);
        zz_date b = zz_date_add_days(s->d0, STEPS[ST_ACT_INT].off + shift);
        zz_date c = zz_date_add_days(s->d0, STEPS[ST_ACT_DEMO].off + shift);
        snprintf(buf, sizeof buf,
                 "审核计划（已与%s商定）：%s 文档审查（基本资格与基本能力 3.1、3.2）；%s 人员访谈"
                 "（项目和组织过程域 3.4）；%s 实际操作（人工智能安全过程域 3.3，现场演示测试平台"
                 "与项目记录）。评估组：陈立新（组长）、刘思远。",
                 o->name, ds(a, d1), ds(b, d2), ds(c, d3));
        TRY(as(dm, U_LEAD));
        ACT(zz_case_plan(dm->cx, s->case_id, buf, dm->day, dm->err));
        return 0;
    }
    case ST_ACT_DOC:
        TRY(as(dm, U_ASSESS));
        return activity(dm, s, "document_review", participants(s, buf, sizeof buf),
                        "营业执照、管理制度汇编、人员名册与 CISP 证书、项目合同与验收报告",
                        "基本资格与基本能力材料齐全，制度文件现行有效，人员与项目记录与申请一致。",
                        pick_basic);
    case ST_ACT_INT:
        TRY(as(dm, U_ASSESS));
        return activity(dm, s, "interview", participants(s, buf, sizeof buf),
                        "访谈记录（质量负责人、项目经理、培训负责人）",
                        "质量保证、风险管理、技术活动规划与监控、人员能力和供应商协调均有明确职责与"
                        "执行记录。",
                        pick_org_pa);
    case ST_ACT_DEMO:
        TRY(as(dm, U_ASSESS));
        return activity(
            dm, s, "demonstration", participants(s, buf, sizeof buf),
            "测试平台操作录屏、对抗样本测试报告、数据脱敏演示记录",
            s->rating == RATE_FAIL
                ? "现场演示中模型鲁棒性测试与训练数据安全评估无法复现项目记录，多个基本实践缺少实施"
                  "证据。"
                : "现场演示了模型安全测试、数据安全评估和运行环境检查流程，结果与项目记录一致。",
            pick_ai_pa);
    case ST_RATE:
        TRY(as(dm, U_ASSESS));
        return step_rate(dm, s);
    case ST_RECTIFY: {
        TRY(as(dm, U_LEAD));
        int days = s->stop == ST_RECTIFY ? 21 : 10;
        ACT(zz_case_request_rectification(
            dm->cx, s->case_id, dm->cat->bps[rect_bp(dm)]->id,
            "该基本实践仅提供了制度文本，请补充近一年两个项目中的实施记录（测试方案、测试报告"
            "及整改跟踪表）。",
            zz_date_add_days(dm->day, days), &s->rect_id, dm->err));
        return 0;
    }
    case ST_RECTIFIED:
        TRY(as(dm, U_LEAD));
        ACT(zz_case_rectification_done(dm->cx, s->case_id, s->rect_id, dm->day, dm->err));
        TRY(as(dm, U_ASSESS));
        ACT(zz_case_rate(dm->cx, s->case_id, dm->cat->bps[rect_bp(dm)]->id, ZZ_RATING_PERFORMED,
                         NULL, dm->err));
        return 0;
    case ST_CONCLUDE:
        TRY(as(dm, U_LEAD));
        ACT(zz_case_conclude(dm->cx, s->case_id, s->fail ? ZZ_VERDICT_NOT_MET : ZZ_VERDICT_MET,
                             NULL, dm->err));
        return 0;
    case ST_EXPERTS:
        TRY(as(dm, U_MGR));
        for (int k = 0; k < 3; k++)
            ACT(zz_case_assign(dm->cx, s->case_id, EXPERTS[(si + k) % 4], ZZ_ROLE_EXPERT, dm->err));
        return 0;
    case ST_VOTES:
        return step_votes(dm, s, si);
    case ST_PANEL:
        TRY(as(dm, U_MGR));
        ACT(zz_case_panel_conclude(dm->cx, s->case_id, NULL, dm->err));
        return 0;
    case ST_APPROVE:
        TRY(as(dm, U_MGR));
        ACT(zz_case_approve(dm->cx, s->case_id, dm->err));
        return 0;
    case ST_BATCH:
        TRY(as(dm, U_CERT));
        ACT(zz_batch_create(dm->cx, &s->batch_id, dm->err));
        ACT(zz_batch_add(dm->cx, s->batch_id, s->case_id, dm->err));
        return 0;
    case ST_ISSUE:
        TRY(as(dm, U_CERT));
        ACT(zz_batch_issue(dm->cx, s->batch_id, dm->day, dm->err));
        return find_cert(dm, s);
    case ST_PUBLISH:
        TRY(as(dm, U_CERT));
        ACT(zz_batch_publish(dm->cx, s->batch_id, dm->day, dm->err));
        return 0;
    case ST__COUNT:
        break;
    }
    return 0;
}

static int run_extra(demo *dm, const event *e)
{
    scen *s = e->kind >= EV_WITHDRAW ? &dm->sc[e->index] : NULL;
    const org_def *o = s ? &ORGS[s->org] : NULL;
    zz_date none = {0, 0, 0};
    switch (e->kind) {
    case EV_BOOT:
        return ev_boot(dm);
    case EV_BODY:
        return ev_body(dm);
    case EV_ORG:
        return ev_org(dm, e->index);
    case EV_ORG_DATA:
        return ev_org_data(dm, e->index);
    case EV_WITHDRAW:
        TRY(as(dm, o->admin));
        ACT(zz_case_withdraw(dm->cx, s->case_id,
                             "公司业务调整，暂缓申请；拟在完成两个人工智能安全评估项目后重新申请。",
                             dm->err));
        return 0;
    case EV_ARCHIVE:
        TRY(as(dm, U_MGR));
        ACT(zz_case_archive(dm->cx, s->case_id, dm->err));
        return 0;
    case EV_WARNING:
        TRY(as(dm, U_SUP));
        ACT(zz_sanction_decide(dm->cx, dm->org_id[s->org], s->cert_id, ZZ_SANCTION_WARNING,
                               "未按规定时间报送年度资质维持报告",
                               "监督检查记录（年度报告报送台账）", "给予警告，限下月底前补报", none,
                               NULL, dm->err));
        return 0;
    case EV_RECT_SANCTION:
        TRY(as(dm, U_SUP));
        ACT(zz_sanction_decide(dm->cx, dm->org_id[s->org], s->cert_id, ZZ_SANCTION_RECTIFICATION,
                               "专职注册信息安全专业人员减少至 2 人，低于一级资质要求",
                               "监督抽查记录、社保缴纳记录", "限期整改，30 日内补足专职 CISP 人员",
                               zz_date_add_days(dm->day, 30), NULL, dm->err));
        return 0;
    case EV_SUSPEND:
        TRY(as(dm, U_SUP));
        ACT(zz_sanction_decide(dm->cx, dm->org_id[s->org], s->cert_id, ZZ_SANCTION_SUSPENSION,
                               "在某人工智能安全评估项目中未经委托方同意对外提供测试数据",
                               "委托方投诉材料、项目数据流转记录、调查询问笔录",
                               "暂停资质证书，整改完成并经复查合格后恢复", none, &s->sanction_id,
                               dm->err));
        return 0;
    case EV_REVOKE:
        TRY(as(dm, U_SUP));
        ACT(zz_sanction_decide(dm->cx, dm->org_id[s->org], s->cert_id, ZZ_SANCTION_REVOCATION,
                               "限期整改逾期未完成，且在复查中提供虚假人员材料",
                               "整改通知、复查记录、人员社保核查结果", "取消资质证书", none, NULL,
                               dm->err));
        return 0;
    case EV_APPEAL_FILE:
        TRY(as(dm, o->admin));
        ACT(zz_appeal_file(dm->cx, s->case_id, 0, NULL,
                           "我单位已补充模型鲁棒性测试记录，认为专家组对人工智能安全过程域的评审"
                           "结论过严，请求重新评审。",
                           NULL, dm->err));
        return 0;
    case EV_APPEAL_DECIDE: {
        zz_appeal *v = NULL;
        size_t n = 0;
        TRY(as(dm, U_SUP));
        tick(dm);
        TRY(zz_appeal_list(dm->cx, dm->org_id[s->org], "open", &v, &n, dm->err));
        int64_t id = n ? v[0].id : 0;
        zz_appeal_list_free(v, n);
        if (!id)
            return zz_err_set(dm->err, ZZ_ERROR, "demo.no_appeal", "找不到 %s 的申诉",
                              "no open appeal of %s", s->key);
        ACT(zz_appeal_decide(dm->cx, id, ZZ_APPEAL_DISMISSED,
                             "经调查，评估记录和专家意见完整，补充材料形成于评审结论之后，不影响原"
                             "结论；申诉驳回。申请单位可在整改后重新申请。",
                             dm->err));
        return 0;
    }
    case EV_COMPLAINT: {
        zz_complaint_in in = {zz_date_add_days(dm->day, -12), "上海某证券股份有限公司",
                              "评估报告交付晚于合同约定 5 个工作日",
                              "调整项目排期管理，报告交付前增加项目经理复核节点", dm->day};
        TRY(as(dm, o->admin));
        ACT(zz_complaint_record(dm->cx, 0, &in, &dm->scratch, dm->err));
        return 0;
    }
    default:
        return 0;
    }
}

/* ==== the plan =============================================================================== */

/* Pushes the steps of one script: the standard timeline up to s->stop. */
static int plan_scen(demo *dm, int si)
{
    scen *s = &dm->sc[si];
    for (int st = 0; st <= (int)s->stop; st++) {
        if ((st == ST_SUPPL_REQ || st == ST_SUPPL_RECV) && !s->suppl) continue;
        if (st == ST_SUPPL_RECV && s->stop == ST_SUPPL_REQ) continue;
        if ((st == ST_RECTIFY || st == ST_RECTIFIED) && !s->rect) continue;
        int off = STEPS[st].off + (st >= ST_REVIEW && s->suppl ? SUPPL_SHIFT : 0);
        TRY(push(dm, zz_date_add_days(s->d0, off), st, si));
    }
    return 0;
}

static int find_scen(const demo *dm, const char *key)
{
    for (size_t i = 0; i < dm->n_sc; i++)
        if (strcmp(dm->sc[i].key, key) == 0) return (int)i;
    return -1;
}

/* The day a script's certificate is issued, relative to d0. */
static int issue_off(const scen *s)
{
    return STEPS[ST_ISSUE].off + (s->suppl ? SUPPL_SHIFT : 0);
}

static int build_plan(demo *dm)
{
    zz_date f3 = zz_date_add_years(dm->final, -3);
    /* The scripts. d0 is the submission date; a script runs the standard timeline up to stop. */
    scen S[] = {
        /* history: the expired certificate (its case archived) and the superseded one */
        {.key = "C1", .org = 2, .d0 = zz_date_add_days(f3, -60 - 74), .stop = ST_PUBLISH},
        {.key = "A1",
         .org = 0,
         .d0 = zz_date_add_days(f3, 100 - 74 - SUPPL_SHIFT),
         .suppl = true,
         .stop = ST_PUBLISH},
        {.key = "D1",
         .org = 3,
         .d0 = back(dm, 800 + 74 + SUPPL_SHIFT),
         .suppl = true,
         .stop = ST_PUBLISH},
        {.key = "B0",
         .org = 1,
         .d0 = back(dm, 900),
         .stop = ST_PANEL,
         .rating = RATE_FAIL,
         .fail = true},
        {.key = "E1", .org = 4, .d0 = back(dm, 700), .stop = ST_REVIEW, .not_accepted = true},
        {.key = "B1",
         .org = 1,
         .d0 = back(dm, 510 + 74),
         .stop = ST_PUBLISH,
         .rect = true,
         .two_payments = true},
        {.key = "F1", .org = 5, .d0 = back(dm, 400), .stop = ST_AGREEMENT}, /* then withdrawn */
        {.key = "A2", .org = 0, .d0 = back(dm, 270), .stop = ST_PUBLISH},   /* maintenance */
        /* the cases in progress on the final date, the furthest first */
        {.key = "D3", .org = 3, .d0 = back(dm, 75), .stop = ST_APPROVE},
        {.key = "C3", .org = 2, .d0 = back(dm, 70), .stop = ST_PANEL},
        {.key = "F2", .org = 5, .d0 = back(dm, 64), .stop = ST_VOTES, .n_votes = 2},
        {.key = "E2",
         .org = 4,
         .d0 = back(dm, 58),
         .stop = ST_RECTIFY,
         .rating = RATE_PARTIAL,
         .rect = true},
        {.key = "B3", .org = 1, .d0 = back(dm, 36), .stop = ST_START},
        {.key = "B2", .org = 1, .d0 = back(dm, 30), .stop = ST_EFFECTIVE},
        {.key = "C2", .org = 2, .d0 = back(dm, 20), .suppl = true, .stop = ST_SUPPL_REQ},
        {.key = "F4", .org = 5, .d0 = back(dm, 19), .stop = ST_REVIEW},
        {.key = "F3", .org = 5, .d0 = back(dm, 10), .stop = ST_FILE},
        {.key = "E3", .org = 4, .d0 = back(dm, 7), .stop = ST_RECEIVE},
        {.key = "D2", .org = 3, .d0 = back(dm, 3), .stop = ST_ASSIGN},
        /* the draft the demo applicant can finish: its submission would be due in 30 days */
        {.key = "A3",
         .org = 0,
         .d0 = zz_date_add_days(dm->final, 30),
         .stop = ST_EVIDENCE,
         .partial_draft = true},
    };
    dm->n_sc = sizeof S / sizeof S[0];
    dm->sc = malloc(sizeof S);
    if (!dm->sc) return nomem(dm->err);
    memcpy(dm->sc, S, sizeof S);

    /* organisations: created 40 days before their first dossier; body accounts 20 days earlier */
    zz_date first = dm->final;
    for (size_t oi = 0; oi < N_ORGS; oi++) {
        zz_date c = dm->final;
        for (size_t i = 0; i < dm->n_sc; i++)
            if (dm->sc[i].org == (int)oi)
                c = zz_date_min(c, zz_date_add_days(dm->sc[i].d0, STEPS[ST_CREATE].off - 40));
        dm->org_created[oi] = c;
        first = zz_date_min(first, c);
    }
    first = zz_date_add_days(first, -20);
    zz_date_format(first, dm->out->first_date);
    TRY(push(dm, first, EV_BOOT, 0));
    TRY(push(dm, zz_date_add_days(first, 1), EV_BODY, 0));
    for (size_t oi = 0; oi < N_ORGS; oi++) {
        TRY(push(dm, dm->org_created[oi], EV_ORG, (int)oi));
        TRY(push(dm, zz_date_add_days(dm->org_created[oi], 3), EV_ORG_DATA, (int)oi));
    }
    for (size_t i = 0; i < dm->n_sc; i++)
        TRY(plan_scen(dm, (int)i));

    /* the extras of the story */
    int c1 = find_scen(dm, "C1"), f1 = find_scen(dm, "F1"), b0 = find_scen(dm, "B0"),
        b1 = find_scen(dm, "B1"), d1 = find_scen(dm, "D1");
    TRY(push(dm, zz_date_add_days(dm->sc[c1].d0, issue_off(&dm->sc[c1]) + 45), EV_ARCHIVE, c1));
    TRY(push(dm, zz_date_add_days(dm->sc[f1].d0, 22), EV_WITHDRAW, f1));
    TRY(push(dm, zz_date_add_days(dm->sc[b0].d0, STEPS[ST_PANEL].off + 7), EV_APPEAL_FILE, b0));
    TRY(push(dm, zz_date_add_days(dm->sc[b0].d0, STEPS[ST_PANEL].off + 27), EV_APPEAL_DECIDE, b0));
    TRY(push(dm, back(dm, 120), EV_COMPLAINT, b1));
    TRY(push(dm, back(dm, 40), EV_SUSPEND, b1));        /* B1's certificate suspended */
    TRY(push(dm, back(dm, 330), EV_WARNING, d1));       /* D1: warning, */
    TRY(push(dm, back(dm, 300), EV_RECT_SANCTION, d1)); /* an overdue rectification, */
    TRY(push(dm, back(dm, 150), EV_REVOKE, d1));        /* and revocation */

    qsort(dm->ev, dm->n_ev, sizeof *dm->ev, cmp_event);
    return 0;
}

/* ==== entry point ============================================================================ */

void zz_demo_result_free(zz_demo_result *r)
{
    if (!r) return;
    free(r->accounts);
    r->accounts = NULL;
    r->n_accounts = 0;
}

/* The printed order: the certification body by role, then the organisations in order. */
static int account_rank(const zz_demo_account *a)
{
    int role = zz_role_parse(a->role);
    if (!a->org_name[0]) return role;
    for (size_t i = 0; i < N_ORGS; i++)
        if (strcmp(ORGS[i].name, a->org_name) == 0) return 100 + (int)i * 10 + role;
    return 1000;
}

static int cmp_account(const void *x, const void *y)
{
    const zz_demo_account *a = x, *b = y;
    int ra = account_rank(a), rb = account_rank(b);
    return ra != rb ? (ra > rb) - (ra < rb) : strcmp(a->username, b->username);
}

/* D1: an empty database holds no account and no organisation. */
static int check_empty(zz_ctx *cx, zz_err *err)
{
    zz_user **users = NULL;
    size_t nu = 0, no = 0, total = 0;
    TRY(zz_user_list(cx, &users, &nu, err));
    zz_user_list_free(users, nu);
    zz_org *orgs = NULL;
    zz_org_page page = {0, 1, NULL};
    TRY(zz_org_list(cx, &page, &orgs, &no, &total, err));
    zz_org_list_free(orgs, no);
    if (nu || total)
        return zz_err_set(
            err, ZZ_ESTATE, "demo.not_empty",
            "数据库已有 %zu 个账号、%zu 个单位，演示数据只能在空数据库中生成（请使用新的"
            "数据目录 --data）",
            "the database already holds %zu accounts and %zu organisations: the demo "
            "is built only on an empty database (use a new --data directory)",
            nu, total);
    return 0;
}

int zz_demo_build(zz_ctx *cx, const char *password, zz_demo_result *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    if (!zz_ctx_is_system(cx))
        return zz_err_set(err, ZZ_EPERM, "auth.role",
                          "演示数据只能以系统身份生成（不要指定 --as）%s",
                          "the demo is built by the system (do not give --as)%s", "");
    if (password) TRY(zz_user_password_check(NULL, password, err));
    TRY(check_empty(cx, err));

    demo dm;
    memset(&dm, 0, sizeof dm);
    dm.cx = cx;
    dm.err = err;
    dm.password = password;
    dm.final = cx->clock.today;
    dm.out = out;
    out->passwords_generated = password == NULL;
    zz_date_format(dm.final, out->final_date);
    const zz_clock saved = cx->clock;

    int rc = zz_ctx_catalog_for(cx, CATEGORY, LEVEL, &dm.cat, err);
    if (rc == 0) rc = build_plan(&dm);
    for (size_t i = 0; rc == 0 && i < dm.n_ev; i++) {
        const event *e = &dm.ev[i];
        if (zz_date_cmp(e->date, dm.day) != 0) {
            dm.day = e->date;
            dm.k = 0;
        }
        rc = e->kind < ST__COUNT ? run_step(&dm, e->index, (step)e->kind) : run_extra(&dm, e);
        if (rc < 0) {
            char d[ZZ_DATE_STRLEN];
            const char *what = e->kind < ST__COUNT      ? STEPS[e->kind].name
                               : e->kind == EV_BOOT     ? "boot"
                               : e->kind == EV_BODY     ? "body accounts"
                               : e->kind == EV_ORG      ? "org.create"
                               : e->kind == EV_ORG_DATA ? "org.people_projects"
                                                        : "extra";
            snprintf(out->failed_at, sizeof out->failed_at, "%s %s %s (as %s)",
                     e->kind < ST__COUNT || e->kind >= EV_WITHDRAW ? dm.sc[e->index].key
                     : e->kind == EV_ORG || e->kind == EV_ORG_DATA ? ORGS[e->index].key
                                                                   : "-",
                     what, zz_date_format(e->date, d), cx->actor.username);
        }
    }
    free(dm.ev);
    free(dm.sc);
    if (out->n_accounts) qsort(out->accounts, out->n_accounts, sizeof *out->accounts, cmp_account);
    cx->clock = saved;
    zz_ctx_act_as_system(cx);
    return rc;
}

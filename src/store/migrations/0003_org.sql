-- 0003_org: index for the account queries of src/store/user_store.c that select one
-- organisation's accounts (R-0.3 personal-data export, applicant_admin's view of its accounts).

CREATE INDEX users_org ON users (org_id);

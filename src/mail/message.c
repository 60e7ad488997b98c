/*
 * message.c — the text of an email as it goes on the wire (mail.h): RFC 2047 encoded-word headers
 * split on UTF-8 character boundaries and folded, RFC 5322 dates, base64 bodies in canonical CRLF
 * form, multipart/mixed with RFC 2231 file names for attachments. Pure except for reading the
 * blobs of attachments.
 */
#include "zizhi/mail.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zizhi/blob.h"
#include "zizhi/calendar.h"
#include "zizhi/crypto.h"

#include <jansson.h>

#define HEADER_LINE_MAX  78                  /* RFC 5322 recommended line length */
#define BODY_LINE        76                  /* base64 characters per body line (RFC 2045) */
#define ATTACH_TOTAL_MAX (25u * 1024 * 1024) /* bytes of attachments per message */

/* ---- a growing buffer --------------------------------------------------------------------- */

typedef struct sb {
    char *p;
    size_t len, cap;
    bool oom;
} sb;

static void sb_put(sb *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *np = realloc(b->p, nc);
        if (!np) {
            b->oom = true;
            return;
        }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(sb *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void sb_fmt(sb *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void sb_fmt(sb *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    sb_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static int nomem(zz_err *err)
{
    return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
}

/* ---- encoded words (RFC 2047) -------------------------------------------------------------- */

/* Bytes of the UTF-8 character at p (left bytes remain); an invalid sequence counts as one byte,
 * so that a word never ends inside a valid character and invalid input still encodes. */
static size_t char_len(const unsigned char *p, size_t left)
{
    unsigned c = p[0];
    size_t n = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 1;
    if (n > left) return 1;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80) return 1;
    return n;
}

/* Printable ASCII without "=?" (which a reader could take for an encoded word). */
static bool plain_ascii(const char *s)
{
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e || (p[0] == '=' && p[1] == '?'))
            return false;
    return true;
}

/*
 * Appends text as encoded words, the first starting at column *col of the current line, folding
 * (CRLF SP) before a word that would pass ZZ_MAIL_LINE_MAX; *col is the column after the last.
 */
static int put_words(sb *b, size_t *col, const char *text, zz_err *err)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t left = strlen(text);
    static const size_t overhead = 12; /* "=?UTF-8?B?" "?=" */
    bool first = true;
    while (left > 0 || first) {
        if (*col + overhead + 4 > ZZ_MAIL_LINE_MAX) { /* not even one character fits here */
            sb_str(b, "\r\n ");
            *col = 1;
        } else if (!first) {
            sb_str(b, "\r\n ");
            *col = 1;
        }
        first = false;
        size_t room = ZZ_MAIL_LINE_MAX - *col - overhead; /* base64 characters */
        if (room > ZZ_MAIL_WORD_MAX - overhead) room = ZZ_MAIL_WORD_MAX - overhead;
        size_t max_bytes = room / 4 * 3, take = 0;
        while (take < left) {
            size_t n = char_len(p + take, left - take);
            if (take + n > max_bytes) break;
            take += n;
        }
        char *b64 = NULL;
        int rc = zz_base64_encode(&b64, p, take, err);
        if (rc < 0) return rc;
        sb_str(b, "=?UTF-8?B?");
        sb_str(b, b64);
        sb_str(b, "?=");
        *col += overhead + strlen(b64);
        free(b64);
        p += take;
        left -= take;
    }
    return ZZ_OK;
}

int zz_mail_encode_header(const char *name, const char *value, char **out, zz_err *err)
{
    *out = NULL;
    if (!name || !*name || strlen(name) > 40)
        return zz_err_set(err, ZZ_EINVAL, "mail.header", "邮件头名称“%.40s”无效",
                          "invalid mail header name \"%.40s\"", name ? name : "");
    if (!value) value = "";
    sb b = {0};
    sb_fmt(&b, "%s: ", name);
    size_t col = strlen(name) + 2;
    int rc = ZZ_OK;
    if (plain_ascii(value) && col + strlen(value) <= HEADER_LINE_MAX)
        sb_str(&b, value);
    else
        rc = put_words(&b, &col, value, err);
    if (rc == ZZ_OK && b.oom) rc = nomem(err);
    if (rc < 0) {
        free(b.p);
        return rc;
    }
    *out = b.p;
    return ZZ_OK;
}

/* ---- dates and addresses ------------------------------------------------------------------- */

char *zz_mail_date(int64_t usec, char *buf)
{
    static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int64_t s = (usec >= 0 ? usec / 1000000 : -((-usec + 999999) / 1000000)) + 8 * 3600;
    int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    int64_t sec = s - days * 86400;
    zz_date d = zz_date_from_days(days);
    int w = (int)(((days % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
    snprintf(buf, 40, "%s, %02d %s %04d %02d:%02d:%02d +0800", wd[w], d.day,
             mon[(d.month - 1) % 12], d.year, (int)(sec / 3600), (int)(sec / 60 % 60),
             (int)(sec % 60));
    return buf;
}

bool zz_mail_address(const char *from, char *buf, size_t size)
{
    if (!from || size == 0) return false;
    const char *lt = strrchr(from, '<'), *s = from, *e = from + strlen(from);
    if (lt) {
        const char *gt = strchr(lt, '>');
        if (!gt) return false;
        s = lt + 1;
        e = gt;
    }
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    size_t n = (size_t)(e - s);
    if (n == 0 || n >= size) return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    const char *at = strchr(buf, '@');
    if (!at || at == buf || !at[1] || strchr(at + 1, '@') || !strchr(at + 1, '.')) return false;
    for (const char *p = buf; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || strchr("<>,;\"()[]\\:", *p))
            return false;
    return true;
}

/* "From: addr", "From: "Name" <addr>" or encoded words and <addr>, folded as needed. */
static int put_from(sb *b, const char *from, zz_err *err)
{
    char addr[256];
    if (!zz_mail_address(from, addr, sizeof addr))
        return zz_err_set(err, ZZ_EINVAL, "mail.from", "发件地址“%.200s”无效",
                          "invalid From address \"%.200s\"", from ? from : "");
    const char *lt = strrchr(from, '<');
    char name[256] = "";
    if (lt) {
        size_t n = (size_t)(lt - from);
        while (n > 0 && (from[n - 1] == ' ' || from[n - 1] == '\t'))
            n--;
        const char *s = from;
        while (n > 0 && (*s == ' ' || *s == '"')) {
            s++;
            n--;
        }
        while (n > 0 && s[n - 1] == '"')
            n--;
        if (n >= sizeof name) n = sizeof name - 1;
        memcpy(name, s, n);
        name[n] = '\0';
    }
    sb_str(b, "From: ");
    size_t col = 6;
    if (!*name) {
        sb_str(b, addr);
        sb_str(b, "\r\n");
        return ZZ_OK;
    }
    if (plain_ascii(name) && !strpbrk(name, "\"\\") && col + strlen(name) + 2 <= HEADER_LINE_MAX) {
        sb_fmt(b, "\"%s\"", name);
        col += strlen(name) + 2;
    } else {
        int rc = put_words(b, &col, name, err);
        if (rc < 0) return rc;
    }
    if (col + strlen(addr) + 3 > HEADER_LINE_MAX) sb_str(b, "\r\n");
    sb_fmt(b, " <%s>\r\n", addr);
    return ZZ_OK;
}

/* ---- bodies -------------------------------------------------------------------------------- */

/* Appends data base64-encoded in lines of BODY_LINE characters, each ended by CRLF. */
static int put_base64(sb *b, const void *data, size_t len, zz_err *err)
{
    char *t = NULL;
    int rc = zz_base64_encode(&t, data, len, err);
    if (rc < 0) return rc;
    size_t n = strlen(t);
    for (size_t i = 0; i < n; i += BODY_LINE) {
        sb_put(b, t + i, n - i < BODY_LINE ? n - i : BODY_LINE);
        sb_str(b, "\r\n");
    }
    free(t);
    return ZZ_OK;
}

/* The text in canonical form (RFC 2045): every line break CRLF, ending with one. */
static char *canonical_text(const char *s, size_t *len)
{
    sb b = {0};
    for (const char *p = s; *p; p++) {
        if (*p == '\r') {
            if (p[1] == '\n') p++;
            sb_str(&b, "\r\n");
        } else if (*p == '\n') {
            sb_str(&b, "\r\n");
        } else {
            sb_put(&b, p, 1);
        }
    }
    if (b.len < 2 || memcmp(b.p + b.len - 2, "\r\n", 2) != 0) sb_str(&b, "\r\n");
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    *len = b.len;
    return b.p;
}

/* filename parameters: a plain filename="…" when the name is short safe ASCII, and always the
 * RFC 2231 form filename*0*=UTF-8''…; filename*1*=… in pieces that keep lines short. */
static void put_filename(sb *b, const char *name)
{
    if (plain_ascii(name) && !strpbrk(name, "\"\\;") && strlen(name) <= 60)
        sb_fmt(b, ";\r\n filename=\"%s\"", name);
    static const char hex[] = "0123456789ABCDEF";
    char piece[80];
    size_t pl = 0;
    int idx = 0;
    for (const unsigned char *p = (const unsigned char *)name;; p++) {
        bool end = *p == '\0';
        if (!end) {
            if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                strchr("-._~", *p)) {
                piece[pl++] = (char)*p;
            } else {
                piece[pl++] = '%';
                piece[pl++] = hex[*p >> 4];
                piece[pl++] = hex[*p & 15];
            }
        }
        if (pl > 0 && (end || pl >= 48)) {
            piece[pl] = '\0';
            sb_fmt(b, ";\r\n filename*%d*=%s%s", idx, idx == 0 ? "UTF-8''" : "", piece);
            idx++;
            pl = 0;
        }
        if (end) break;
    }
}

/* Reads a stored blob whole. */
static int read_blob(const char *data_dir, const char *digest, char **out, size_t *len, zz_err *err)
{
    char path[ZZ_BLOB_PATH_MAX];
    int rc = zz_blob_path(path, data_dir, digest, err);
    if (rc < 0) return rc;
    FILE *f = fopen(path, "rb");
    if (!f)
        return zz_err_set(err, ZZ_EIO, "mail.attachment", "无法读取附件文件 %s",
                          "cannot read the attachment %s", digest);
    sb b = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && !b.oom && b.len <= ATTACH_TOTAL_MAX)
        sb_put(&b, buf, n);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (b.oom) return nomem(err);
    if (bad || b.len > ATTACH_TOTAL_MAX) {
        free(b.p);
        return zz_err_set(err, ZZ_EIO, "mail.attachment", "附件文件 %s 无法读取或过大",
                          "the attachment %s cannot be read or is too large", digest);
    }
    *out = b.p ? b.p : calloc(1, 1);
    *len = b.len;
    return *out ? ZZ_OK : nomem(err);
}

/* ---- the message --------------------------------------------------------------------------- */

int zz_mail_format_message(const zz_mail_config *cfg, const zz_outbox_msg *m, int64_t now_usec,
                           const char *message_id, const char *data_dir, char **out, size_t *len,
                           zz_err *err)
{
    *out = NULL;
    *len = 0;
    sb b = {0};
    char date[40], *subject = NULL;
    int rc = put_from(&b, cfg->from, err);
    if (rc < 0) goto done;
    if ((rc = zz_mail_encode_header("Subject", m->subject, &subject, err)) < 0) goto done;
    sb_fmt(&b, "Date: %s\r\n", zz_mail_date(now_usec, date));
    sb_fmt(&b, "To: %s\r\n", m->to_addr);
    sb_str(&b, subject);
    sb_str(&b, "\r\n");
    sb_fmt(&b, "Message-ID: <%s>\r\n", message_id);
    sb_str(&b, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");

    size_t tlen = 0;
    char *text = canonical_text(m->body ? m->body : "", &tlen);
    if (!text) {
        rc = nomem(err);
        goto done;
    }
    /* the attachments that name a stored file */
    json_t *atts = data_dir && m->attachments ? json_loads(m->attachments, 0, NULL) : NULL;
    size_t n_files = 0, i;
    json_t *a;
    json_array_foreach(atts, i, a)
    {
        const char *dg = json_string_value(json_object_get(a, "digest"));
        if (dg && zz_blob_hex_valid(dg)) n_files++;
    }
    if (n_files == 0) {
        sb_str(&b, "Content-Type: text/plain; charset=UTF-8\r\n"
                   "Content-Transfer-Encoding: base64\r\n\r\n");
        rc = put_base64(&b, text, tlen, err);
    } else {
        char boundary[96];
        snprintf(boundary, sizeof boundary, "=_zizhi_%lld_%lld", (long long)m->id,
                 (long long)now_usec);
        sb_fmt(&b, "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n", boundary);
        sb_str(&b, "This is a multi-part message in MIME format.\r\n");
        sb_fmt(&b,
               "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
               "Content-Transfer-Encoding: base64\r\n\r\n",
               boundary);
        rc = put_base64(&b, text, tlen, err);
        size_t total = 0;
        json_array_foreach(atts, i, a)
        {
            if (rc < 0) break;
            const char *dg = json_string_value(json_object_get(a, "digest"));
            if (!dg || !zz_blob_hex_valid(dg)) continue;
            const char *name = json_string_value(json_object_get(a, "name"));
            const char *mime = json_string_value(json_object_get(a, "mime"));
            if (!mime || !*mime || strpbrk(mime, "\r\n\"") || strlen(mime) > 100)
                mime = "application/octet-stream";
            char *data = NULL;
            size_t dl = 0;
            if ((rc = read_blob(data_dir, dg, &data, &dl, err)) < 0) break;
            total += dl;
            if (total > ATTACH_TOTAL_MAX) {
                free(data);
                rc = zz_err_set(err, ZZ_EIO, "mail.attachment", "附件合计超过 %u 字节",
                                "the attachments exceed %u bytes", ATTACH_TOTAL_MAX);
                break;
            }
            sb_fmt(&b, "--%s\r\nContent-Type: %s\r\nContent-Disposition: attachment", boundary,
                   mime);
            put_filename(&b, name && *name ? name : "attachment");
            sb_str(&b, "\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            rc = put_base64(&b, data, dl, err);
            free(data);
        }
        if (rc == ZZ_OK) sb_fmt(&b, "--%s--\r\n", boundary);
    }
    json_decref(atts);
    free(text);
done:
    free(subject);
    if (rc == ZZ_OK && b.oom) rc = nomem(err);
    if (rc < 0) {
        free(b.p);
        return rc;
    }
    *out = b.p;
    *len = b.len;
    return ZZ_OK;
}

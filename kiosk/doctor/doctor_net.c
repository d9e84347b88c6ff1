/*
 * doctor_net.c - the checks that need the upstream: reaching it over mutual
 * TLS (with what exactly fails: name, connection, the upstream's certificate,
 * the kiosk's own, or the HTTP answer), the kiosk certificate's expiry, and
 * the kiosk clock against the upstream's Date header.
 *
 * The question asked is GET /v1/changes?since=0&limit=1: read-only on both
 * sides (the kiosk applies changes, the doctor only looks at the status), and
 * authorised like every kiosk request. Not the heartbeat: that needs the
 * database (queue depth, the audit chain's head, which the upstream keeps as
 * evidence) and records its outcome in it, and the doctor must work when the
 * database is missing or broken and must not report a head it made up.
 */
#include <openssl/asn1.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "doctor_internal.h"
#include "pem_cert.h"
#include "sync_http.h"

#define PROBE_PATH "/v1/changes?since=0&limit=1"
#define DAY        86400

/* GET PROBE_PATH with the configured TLS settings and a short time-out. */
static void probe(const ck_config *cfg, sync_answer *a)
{
    ck_config c = *cfg;
    if (c.upstream_timeout_s > DOCTOR_NET_TIMEOUT_S)
        c.upstream_timeout_s = DOCTOR_NET_TIMEOUT_S;
    sync_http_get(&c, PROBE_PATH, a);
    sync_http_thread_done(); /* keep no connection open on the caller's thread */
}

static int64_t unix_of(const ASN1_TIME *t, bool *ok)
{
    struct tm tm;
    if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1 || !date_valid(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday)) {
        *ok = false;
        return 0;
    }
    return date_to_unix((ck_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}, 0) + tm.tm_hour * 3600 +
           tm.tm_min * 60 + tm.tm_sec;
}

/* The validity of the kiosk's client certificate (the first in its PEM file). */
static ck_err cert_validity(const char *path, int64_t *not_before, int64_t *not_after, ck_diag *d)
{
    uint8_t *der = malloc(PEM_CERT_DER_MAX);
    const unsigned char *p;
    X509 *x = NULL;
    size_t len = 0;
    bool ok = true;
    ck_err rc;
    if (der == NULL)
        return CK_E_NOMEM;
    if ((rc = pem_cert_read(path, der, &len, d)) == CK_OK) {
        p = der;
        x = d2i_X509(NULL, &p, (long)len);
        *not_before = unix_of(x != NULL ? X509_get0_notBefore(x) : NULL, &ok);
        *not_after = unix_of(x != NULL ? X509_get0_notAfter(x) : NULL, &ok);
        if (!ok)
            rc = ck_diag_fail(d, CK_E_CONFIG, "证书文件 %s 的有效期无法读取", "%s: the validity cannot be read", path);
    }
    X509_free(x);
    free(der);
    return rc;
}

/* "YYYY-MM-DD" in the kiosk's time zone. */
static void day_of(int64_t t, int32_t utc_offset_s, char out[11]) { date_format(date_from_unix(t, utc_offset_s), out); }

/* The failure when no HTTP answer came, by its kind. */
static void unreachable(const ck_config *cfg, const sync_answer *a, doctor_result *r)
{
    const char *url = cfg->upstream_url, *why = a->error;
    switch (a->net) {
    case SYNC_NET_DNS:
        doctor_found(r, DOCTOR_FAIL, "无法解析上级系统的主机名（%s：%s）",
                     "the upstream's host name does not resolve (%s: %s)", url, why);
        doctor_fix(r, "检查 DNS 设置（/etc/resolv.conf）和 [upstream] url",
                   "check DNS (/etc/resolv.conf) and [upstream] url");
        return;
    case SYNC_NET_CONNECT:
        doctor_found(r, DOCTOR_FAIL, "无法连接上级系统 %s（%s）", "cannot connect to the upstream at %s (%s)", url,
                     why);
        doctor_fix(r, "检查网络、防火墙，以及上级系统是否在运行",
                   "check the network, the firewall, and that the upstream runs");
        return;
    case SYNC_NET_TIMEOUT:
        doctor_found(r, DOCTOR_FAIL, "上级系统 %s 在 %d 秒内无应答（%s）",
                     "no answer from the upstream at %s within %d s (%s)", url, DOCTOR_NET_TIMEOUT_S, why);
        doctor_fix(r, "检查网络和防火墙", "check the network and the firewall");
        return;
    case SYNC_NET_TLS_SERVER:
        doctor_found(r, DOCTOR_FAIL, "TLS失败：上级系统的证书不被信任（%s）",
                     "TLS failed: the upstream's certificate is not trusted (%s)", why);
        doctor_fix(r, "[upstream] ca_file（及 pinned_pubkey）须与上级系统的CA一致：%s",
                   "[upstream] ca_file (and pinned_pubkey) must match the upstream's CA: %s", cfg->upstream_ca);
        return;
    case SYNC_NET_TLS_CLIENT:
        doctor_found(r, DOCTOR_FAIL, "TLS失败：本机的终端证书或私钥无法使用（%s）",
                     "TLS failed: the kiosk's certificate or key cannot be used (%s)", why);
        doctor_fix(r, "检查 [upstream] client_cert 与 client_key 是否为配对的PEM文件",
                   "check that [upstream] client_cert and client_key are a matching PEM pair");
        return;
    case SYNC_NET_TLS:
        doctor_found(r, DOCTOR_FAIL, "TLS握手失败（%s）", "the TLS handshake failed (%s)", why);
        doctor_fix(r, "检查终端证书是否由上级系统信任的CA签发且未过期",
                   "check that the kiosk's certificate is issued by the CA the upstream trusts, and not expired");
        return;
    case SYNC_NET_URL:
        doctor_found(r, DOCTOR_FAIL, "[upstream] url 不是有效的 https 地址（%s）",
                     "[upstream] url is not a valid https URL (%s)", why);
        doctor_fix(r, "改正 [upstream] url", "fix [upstream] url");
        return;
    case SYNC_NET_OK:
    case SYNC_NET_OTHER: break;
    }
    doctor_found(r, DOCTOR_FAIL, "无法与上级系统 %s 通信（%s）", "cannot talk to the upstream at %s (%s)", url, why);
    doctor_fix(r, "检查网络和上级系统", "check the network and the upstream");
}

/* The failure for an HTTP answer other than 2xx. */
static void refused(const sync_answer *a, doctor_result *r)
{
    ck_diag d = {"", ""};
    char code[48] = "";
    sync_answer_fail(a, "上级系统拒绝", "the upstream refused", code, sizeof code, &d);
    r->status = a->status == 429 || a->status == 503 ? DOCTOR_WARN : DOCTOR_FAIL;
    doctor_text(r->detail_zh, sizeof r->detail_zh, "HTTP %ld：%s", a->status, d.zh);
    doctor_text(r->detail_en, sizeof r->detail_en, "HTTP %ld: %s", a->status, d.en);
    if (a->status == 401 || a->status == 403)
        doctor_fix(r, "终端证书的CN须等于 [kiosk] id，并由上级系统的终端CA签发且在有效期内",
                   "the kiosk certificate's CN must equal [kiosk] id, issued by the upstream's kiosk CA, and be valid");
    else if (r->status == DOCTOR_WARN)
        doctor_fix(r, "上级系统繁忙，稍后再试", "the upstream is busy; try again later");
    else
        doctor_fix(r, "联系上级系统的管理员（HTTP %ld）", "ask the upstream's administrators (HTTP %ld)", a->status);
}

void doctor_check_upstream(const doctor_env *env, doctor_result *r)
{
    const ck_config *cfg = env->cfg;
    int64_t now, not_before = 0, not_after = 0, days_left;
    ck_diag d = {"", ""};
    sync_answer a;
    char until[11];
    if (cfg->upstream_url[0] == '\0') {
        doctor_found(r, DOCTOR_WARN, "未配置上级系统（[upstream] url 为空）：仅离线工作，业务留在本机",
                     "no upstream ([upstream] url is empty): an offline-only kiosk; jobs stay here");
        doctor_fix(r, "若本机应与上级系统同步，设置 [upstream] url", "if this kiosk should sync, set [upstream] url");
        return;
    }
    if (cert_validity(cfg->upstream_cert, &not_before, &not_after, &d) != CK_OK) {
        r->status = DOCTOR_FAIL;
        doctor_text(r->detail_zh, sizeof r->detail_zh, "终端证书无法读取：%s", d.zh);
        doctor_text(r->detail_en, sizeof r->detail_en, "the kiosk certificate cannot be read: %s", d.en);
        doctor_fix(r, "将CA签发的终端证书（PEM）放到 %s", "put the kiosk certificate from the CA (PEM) at %s",
                   cfg->upstream_cert);
        return;
    }
    probe(cfg, &a);
    free(a.data);
    /* Validity by the upstream's clock when it gave one: it is the upstream that accepts the certificate or not,
     * and a kiosk clock that is off is the clock check's finding, not a certificate's. */
    now = a.date != 0 ? a.date : clock_now(env->clock);
    if (now >= not_after || now < not_before) {
        day_of(now >= not_after ? not_after : not_before, cfg->utc_offset_s, until);
        doctor_found(r, DOCTOR_FAIL, now >= not_after ? "终端证书已于 %s 过期（%s）" : "终端证书要到 %s 才生效（%s）",
                     now >= not_after ? "the kiosk certificate expired on %s (%s)"
                                      : "the kiosk certificate is not valid until %s (%s)",
                     until, cfg->upstream_cert);
        doctor_fix(r, "向CA申请新的终端证书，并检查本机时钟",
                   "get a new kiosk certificate from the CA, and check the clock");
        return;
    }
    if (a.status == 0) {
        unreachable(cfg, &a, r);
        return;
    }
    if (a.status < 200 || a.status > 299) {
        refused(&a, r);
        return;
    }
    day_of(not_after, cfg->utc_offset_s, until);
    days_left = (not_after - now) / DAY;
    if (days_left < DOCTOR_CERT_WARN_DAYS) {
        doctor_found(r, DOCTOR_WARN, "双向TLS连接正常，但终端证书 %lld 天后（%s）到期",
                     "reachable over mutual TLS, but the kiosk certificate ends in %lld days (%s)",
                     (long long)days_left, until);
        doctor_fix(r, "在 %s 前向CA申请新的终端证书", "get a new kiosk certificate from the CA before %s", until);
        return;
    }
    doctor_found(r, DOCTOR_PASS, "双向TLS连接正常（HTTP %ld）；终端证书有效至 %s",
                 "reachable over mutual TLS (HTTP %ld); the kiosk certificate is valid until %s", a.status, until);
}

void doctor_check_clock(const doctor_env *env, doctor_result *r)
{
    const ck_config *cfg = env->cfg;
    sync_answer a;
    int64_t skew;
    if (cfg->upstream_url[0] == '\0') {
        doctor_found(r, DOCTOR_WARN, "无法判断：没有上级系统可供比对",
                     "cannot tell: there is no upstream to compare with");
        doctor_fix(r, "确认本机已启用网络对时（timedatectl）", "make sure the kiosk syncs its clock (timedatectl)");
        return;
    }
    probe(cfg, &a);
    free(a.data);
    if (a.date == 0) {
        doctor_found(r, DOCTOR_WARN, "无法判断：上级系统没有给出时间（%s）",
                     "cannot tell: the upstream gave no time (%s)", a.status == 0 ? a.error : "no Date header");
        doctor_fix(r, "先解决上级系统一项的问题", "fix the upstream check first");
        return;
    }
    /* After the answer: the request's own duration counts against the kiosk, at most the time-out. */
    skew = clock_now(env->clock) - a.date;
    if (llabs(skew) > cfg->upstream_max_skew_s) {
        r->status = DOCTOR_FAIL;
        doctor_text(r->detail_zh, sizeof r->detail_zh, "本机时钟比上级系统%s %lld 秒，超过允许的 %d 秒",
                    skew > 0 ? "快" : "慢", (long long)llabs(skew), cfg->upstream_max_skew_s);
        doctor_text(r->detail_en, sizeof r->detail_en,
                    "the kiosk's clock is %s the upstream's by %lld s, more than the %d s allowed",
                    skew > 0 ? "ahead of" : "behind", (long long)llabs(skew), cfg->upstream_max_skew_s);
        doctor_fix(r, "校准本机时间：timedatectl set-ntp true（或 chronyc makestep）",
                   "set the clock: timedatectl set-ntp true (or chronyc makestep)");
        return;
    }
    doctor_found(r, DOCTOR_PASS, "与上级系统相差 %lld 秒（允许 %d 秒）",
                 "within %lld s of the upstream's (%d s allowed)", (long long)llabs(skew), cfg->upstream_max_skew_s);
}

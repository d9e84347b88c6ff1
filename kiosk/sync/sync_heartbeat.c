/* sync_heartbeat.c - the heartbeat round (see sync_heartbeat.h). */
#include "sync_heartbeat.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "sync_http.h"
#include "sync_parse.h"

#ifndef CK_VERSION
#define CK_VERSION "0.0.0"
#endif

ck_err sync_heartbeat(ck_store *st, const ck_config *cfg, int64_t now, int64_t *skew_s, ck_diag *d)
{
    cJSON *body = cJSON_CreateObject(), *head, *versions;
    int64_t server_time = 0;
    char parse_why[160] = "";
    ck_store_stats stats;
    sync_answer a;
    char hash[65], when[24], *text = NULL;
    int64_t head_id = 0;
    ck_err rc = cfg->upstream_url[0] == '\0' ? ck_diag_fail(d, CK_E_CONFIG, "未配置上级系统", "no upstream configured")
                                             : store_stats(st, &stats, d);
    if (rc == CK_OK)
        rc = store_audit_head(st, &head_id, hash, d);
    if (rc != CK_OK || body == NULL)
        goto cleanup;
    cJSON_AddNumberToObject(body, "kiosk_time", (double)now);
    cJSON_AddNumberToObject(body, "queue_depth", (double)stats.outbox_pending);
    head = cJSON_AddObjectToObject(body, "audit_head");
    cJSON_AddNumberToObject(head, "id", (double)head_id);
    cJSON_AddStringToObject(head, "hash", hash);
    versions = cJSON_AddObjectToObject(body, "versions");
    cJSON_AddStringToObject(versions, "certkiosk", CK_VERSION);
    cJSON_AddNumberToObject(versions, "schema", STORE_SCHEMA_VERSION);
    text = cJSON_PrintUnformatted(body);
    snprintf(when, sizeof when, "%lld", (long long)now);
    store_sync_state_set(st, "last_attempt", when, now, NULL);
    if (text == NULL || !sync_http_post(cfg, "/v1/heartbeat", text, &a) || a.status != 200 ||
        !sync_parse_heartbeat(a.data, a.len, &server_time, parse_why, sizeof parse_why)) {
        char why[256];
        snprintf(why, sizeof why, "%s", a.error[0] != '\0' ? a.error : parse_why);
        if (a.error[0] == '\0' && a.status != 200 && a.status != 0)
            snprintf(why, sizeof why, "heartbeat: HTTP %ld", a.status);
        store_sync_state_set(st, "last_error", why, now, NULL);
        store_sync_state_set(st, "online", "0", now, NULL);
        rc = ck_diag_fail(d, CK_E_UPSTREAM, "上级系统暂时无法连接（%s），业务已保存在本机，恢复后自动提交",
                          "The upstream cannot be reached (%s); jobs are kept here and go up when it is back", why);
    } else {
        char skew[24];
        *skew_s = server_time - now;
        snprintf(skew, sizeof skew, "%lld", (long long)*skew_s);
        store_sync_state_set(st, "clock_skew_s", skew, now, NULL);
        store_sync_state_set(st, "last_success", when, now, NULL);
        store_sync_state_set(st, "online", "1", now, NULL);
    }
    free(a.data);
cleanup:
    cJSON_Delete(body);
    free(text);
    return rc;
}

/* receipt_compose.c - the content of a fee receipt (see receipt_compose.h). */
#include "receipt_compose.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "mask.h"
#include "money.h"
#include "services.h"

static const char *method_zh(const char *code)
{
    if (strcmp(code, "wechat") == 0)
        return "微信支付";
    if (strcmp(code, "cash") == 0)
        return "现金（窗口）";
    if (strcmp(code, "pos") == 0)
        return "银行卡（窗口POS）";
    return code;
}

/* "100.00元": never "¥", which GB18030 printers print as garbage. */
static void yuan(int64_t fen, char *out, size_t cap)
{
    char num[24];
    money_format_yuan(fen, num, sizeof num);
    snprintf(out, cap, "%s元", num);
}

static ck_err fee_lines(const receipt_data *r, receipt_doc *doc)
{
    const ck_quote *q = r->quote;
    char label[96], amount[32];
    ck_err rc = CK_OK;
    for (int i = 0; rc == CK_OK && i < q->n_lines; i++) {
        const ck_fee_line *l = &q->lines[i];
        snprintf(label, sizeof label, "%s ×%d%s", fees_item_zh(l->item, q->holder), l->quantity,
                 l->waived ? "（两年期免收）" : "");
        yuan(l->amount_fen, amount, sizeof amount);
        rc = receipt_doc_pair(doc, false, label, amount);
    }
    if (rc == CK_OK && q->n_lines == 0)
        rc = receipt_doc_pair(doc, false, "本业务免费", "0.00元");
    yuan(q->total_fen, amount, sizeof amount);
    if (rc == CK_OK)
        rc = receipt_doc_rule(doc);
    if (rc == CK_OK)
        rc = receipt_doc_pair(doc, true, "合计", amount);
    return rc;
}

static ck_err holder_lines(const receipt_data *r, receipt_doc *doc)
{
    char buf[64];
    ck_err rc = CK_OK;
    if (r->org_name[0] != '\0')
        rc = receipt_doc_pair(doc, false, "办理单位", r->org_name);
    if (rc == CK_OK && r->person_name[0] != '\0') {
        mask_name(r->person_name, buf, sizeof buf);
        rc = receipt_doc_pair(doc, false, r->org_name[0] != '\0' ? "经办人" : "持有人", buf);
    }
    if (rc == CK_OK && r->id_number[0] != '\0')
        rc = receipt_doc_pair(doc, false, "证件号", mask_idcard(r->id_number, buf, sizeof buf));
    if (rc == CK_OK && r->mobile[0] != '\0')
        rc = receipt_doc_pair(doc, false, "手机", mask_mobile(r->mobile, buf, sizeof buf));
    return rc;
}

ck_err receipt_compose(const receipt_data *r, int columns, receipt_doc *doc, ck_diag *d)
{
    char buf[128], day[11];
    ck_date date;
    int64_t local = r->issued_at + r->utc_offset_s;
    ck_err rc;
    receipt_doc_init(doc, columns);
    rc = receipt_doc_text(doc, RECEIPT_CENTER, true, false, r->ca_name);
    if (rc == CK_OK)
        rc = receipt_doc_text(doc, RECEIPT_CENTER, true, true, "收费凭据");
    if (rc == CK_OK)
        rc = receipt_doc_text(doc, RECEIPT_CENTER, false, false, "Fee Receipt");
    if (rc == CK_OK && r->reprint > 0) {
        snprintf(buf, sizeof buf, "** 重印（第%d次）REPRINT **", r->reprint);
        rc = receipt_doc_text(doc, RECEIPT_CENTER, true, false, buf);
    }
    if (rc == CK_OK)
        rc = receipt_doc_rule(doc);
    snprintf(buf, sizeof buf, "%06lld", (long long)r->number);
    if (rc == CK_OK)
        rc = receipt_doc_pair(doc, true, "收据号", buf);
    snprintf(buf, sizeof buf, "%s / 窗口%s", r->kiosk_id, r->window_id);
    if (rc == CK_OK)
        rc = receipt_doc_pair(doc, false, "终端", buf);
    date = date_from_unix(r->issued_at, r->utc_offset_s);
    date_format(date, day);
    snprintf(buf, sizeof buf, "%s %02d:%02d", day, (int)((local / 3600) % 24 + 24) % 24,
             (int)((local / 60) % 60 + 60) % 60);
    if (rc == CK_OK)
        rc = receipt_doc_pair(doc, false, "时间", buf);
    if (rc == CK_OK)
        rc = receipt_doc_pair(doc, false, "业务", services_info(r->quote->service)->zh);
    if (rc == CK_OK)
        rc = holder_lines(r, doc);
    if (rc == CK_OK)
        rc = receipt_doc_rule(doc);
    if (rc == CK_OK)
        rc = fee_lines(r, doc);
    if (rc == CK_OK)
        rc = receipt_doc_pair(doc, false, "支付方式", method_zh(r->method));
    if (rc == CK_OK && r->transaction_id[0] != '\0')
        rc = receipt_doc_pair(doc, false, "交易号", r->transaction_id);
    if (rc == CK_OK)
        rc = receipt_doc_pair(doc, false, "业务号", r->job_uuid);
    if (rc == CK_OK && r->lookup_url[0] != '\0') {
        rc = receipt_doc_qr(doc, r->lookup_url);
        if (rc == CK_OK)
            rc = receipt_doc_text(doc, RECEIPT_CENTER, false, false, "扫码查询办理进度和电子发票");
    }
    if (rc == CK_OK)
        rc = receipt_doc_text(doc, RECEIPT_LEFT, false, false,
                              "业务办结后，电子发票将在2个工作日内发送至经办人手机，"
                              "可用办理业务的手机号登录CA网厅「电子发票」模块下载。");
    if (rc == CK_OK)
        rc = receipt_doc_feed(doc, 3);
    if (rc == CK_OK)
        rc = receipt_doc_cut(doc);
    if (rc != CK_OK)
        return ck_diag_fail(d, rc, "收据内容超出版面", "the receipt does not fit its layout");
    return CK_OK;
}

void receipt_lookup_url(const char *tmpl, const char *job_uuid, char *out, size_t cap)
{
    const char *at = strstr(tmpl, "{job}");
    int n;
    if (tmpl[0] == '\0') {
        out[0] = '\0';
        return;
    }
    if (at == NULL)
        n = snprintf(out, cap, "%s", tmpl);
    else
        n = snprintf(out, cap, "%.*s%s%s", (int)(at - tmpl), tmpl, job_uuid, at + 5);
    if (n < 0 || (size_t)n >= cap)
        out[0] = '\0';
}

/* ctl_quote.c - `certkioskctl quote`: the price of a service, line by line. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "money.h"

struct quote_opts {
    const char *service;
    const char *holder;
    int years;
    int seals;
};

enum { OPT_SERVICE = 1, OPT_HOLDER, OPT_YEARS, OPT_SEALS };

static const struct option quote_options[] = {
    {"service", required_argument, NULL, OPT_SERVICE},
    {"holder", required_argument, NULL, OPT_HOLDER},
    {"years", required_argument, NULL, OPT_YEARS},
    {"seals", required_argument, NULL, OPT_SEALS},
    {0},
};

static int on_option(void *state, int id, const char *arg)
{
    struct quote_opts *o = state;
    switch (id) {
    case OPT_SERVICE: o->service = arg; return CTL_EXIT_OK;
    case OPT_HOLDER: o->holder = arg; return CTL_EXIT_OK;
    case OPT_YEARS: return ctl_parse_int(arg, 1, 99, &o->years) ? CTL_EXIT_OK : CTL_EXIT_USAGE;
    case OPT_SEALS: return ctl_parse_int(arg, 0, 99, &o->seals) ? CTL_EXIT_OK : CTL_EXIT_USAGE;
    }
    return CTL_EXIT_USAGE;
}

cJSON *ctl_quote_json(const ck_quote *q)
{
    const ck_service_info *si = services_info(q->service);
    char yuan[32];
    cJSON *obj = cJSON_CreateObject(), *lines = cJSON_CreateArray();
    if (obj == NULL || lines == NULL) {
        cJSON_Delete(obj);
        cJSON_Delete(lines);
        return NULL;
    }
    cJSON_AddStringToObject(obj, "service", si->code);
    cJSON_AddStringToObject(obj, "holder", holder_kind_code(q->holder));
    cJSON_AddNumberToObject(obj, "years", q->years);
    cJSON_AddNumberToObject(obj, "seals", q->seals);
    cJSON_AddItemToObject(obj, "lines", lines);
    for (int i = 0; i < q->n_lines; i++) {
        const ck_fee_line *l = &q->lines[i];
        cJSON *line = cJSON_CreateObject();
        if (line == NULL || !cJSON_AddItemToArray(lines, line)) {
            cJSON_Delete(line);
            cJSON_Delete(obj);
            return NULL;
        }
        cJSON_AddStringToObject(line, "item", fees_item_code(l->item));
        cJSON_AddStringToObject(line, "name_zh", fees_item_zh(l->item, q->holder));
        cJSON_AddStringToObject(line, "name_en", fees_item_en(l->item, q->holder));
        cJSON_AddNumberToObject(line, "unit_fen", (double)l->unit_fen);
        cJSON_AddNumberToObject(line, "quantity", l->quantity);
        cJSON_AddNumberToObject(line, "amount_fen", (double)l->amount_fen);
        cJSON_AddBoolToObject(line, "waived", l->waived);
    }
    cJSON_AddNumberToObject(obj, "total_fen", (double)q->total_fen);
    money_format_yuan(q->total_fen, yuan, sizeof yuan);
    cJSON_AddStringToObject(obj, "total_yuan", yuan);
    cJSON_AddStringToObject(obj, "note_zh", si->fee_note_zh);
    cJSON_AddStringToObject(obj, "note_en", si->fee_note_en);
    return obj;
}

static void print_quote(const ck_quote *q)
{
    const ck_service_info *si = services_info(q->service);
    char unit[32], amount[32];
    printf("%s  %s\n%s  %s", si->zh, si->en, holder_kind_zh(q->holder), holder_kind_en(q->holder));
    if (q->years > 0)
        printf(" · %d年 / %d year%s", q->years, q->years, q->years > 1 ? "s" : "");
    if (q->seals > 0)
        printf(" · %d个印章 / %d seal%s", q->seals, q->seals, q->seals > 1 ? "s" : "");
    printf("\n");
    for (int i = 0; i < q->n_lines; i++) {
        const ck_fee_line *l = &q->lines[i];
        money_format_yuan(l->unit_fen, unit, sizeof unit);
        money_format_yuan(l->amount_fen, amount, sizeof amount);
        printf("  %s / %s: %s元 × %d = %s元%s\n", fees_item_zh(l->item, q->holder), fees_item_en(l->item, q->holder),
               unit, l->quantity, amount, l->waived ? "（2年期免收 / waived for a 2-year term）" : "");
    }
    money_format_yuan(q->total_fen, amount, sizeof amount);
    printf("  合计 / Total: %s元\n  %s / %s\n", amount, si->fee_note_zh, si->fee_note_en);
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    const ctl_command *self = &ctl_cmd_quote;
    struct quote_opts *o = state;
    ck_service s;
    ck_holder_kind k;
    ck_quote q;
    ck_diag d = {"", ""};
    ck_err rc;
    (void)argv;
    if (argc != 0)
        return ctl_usage_error(self, "quote 不接受位置参数", "quote takes no positional arguments");
    if (o->service == NULL || services_parse(o->service, &s) != CK_OK)
        return ctl_usage_error(
            self, "--service 应为 new renew change replace revoke seal-upgrade seal-renew pin-change unlock 之一",
            "--service must be one of new renew change replace revoke seal-upgrade seal-renew "
            "pin-change unlock");
    if (o->holder == NULL || holder_kind_parse(o->holder, &k) != CK_OK)
        return ctl_usage_error(self, "--holder 应为 unit 或 expert", "--holder must be unit or expert");
    rc = fees_quote(&ctx->fees, s, k, o->years != 0 ? o->years : 1, o->seals != 0 ? o->seals : 1, &q, &d);
    if (rc == CK_E_RANGE)
        return ctl_usage_error(self, d.zh, d.en);
    if (rc != CK_OK)
        return ctl_fail_diag(CTL_EXIT_NEGATIVE, rc, &d);
    if (ctx->json)
        return ctl_print_json(ctl_quote_json(&q), CTL_EXIT_OK);
    print_quote(&q);
    return CTL_EXIT_OK;
}

const ctl_command ctl_cmd_quote = {
    .name = "quote",
    .summary = "报价：某项业务的收费明细 / the fee lines and total of a service",
    .usage = "--service S --holder unit|expert [--years 1|2] [--seals N] [--json]\n"
             "  S: new renew change replace revoke seal-upgrade seal-renew pin-change unlock",
    .options = quote_options,
    .on_option = on_option,
    .run = run,
    .state_size = sizeof(struct quote_opts),
    .needs_fees = true,
};

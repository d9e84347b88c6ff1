/*
 * fees.c - the quote rules of the seed's fee table:
 *   new:         account fee (waived for 2 years) + annual x years + seal x years x seals
 *   renew:       annual x years + seal x years x seals (no account fee)
 *   replace:     replacement fee per key
 *   seal-renew:  seal x years x seals
 *   change, revoke, unlock, seal-upgrade, pin-change: free
 */
#include "fees.h"

#include <assert.h>

#include "money.h"

static const struct {
    const char *code;
    const char *zh[HOLDER__COUNT];
    const char *en[HOLDER__COUNT];
} items[FEE__COUNT] = {
    [FEE_ACCOUNT] = {"account",
                     {"开户费（含介质费）", "开户费（含介质费）"},
                     {"Account fee (incl. USB Key)", "Account fee (incl. USB Key)"}},
    [FEE_ANNUAL] = {"annual", {"年服务费", "年服务费"}, {"Annual service fee", "Annual service fee"}},
    [FEE_SEAL] = {"seal", {"单位印章", "专家印章"}, {"Organisation seal", "Expert seal"}},
    [FEE_REPLACEMENT] = {"replacement", {"证书补办", "证书补办"}, {"Key replacement", "Key replacement"}},
};

const char *fees_item_code(ck_fee_item i)
{
    assert(i >= 0 && i < FEE__COUNT);
    return items[i].code;
}
const char *fees_item_zh(ck_fee_item i, ck_holder_kind k)
{
    assert(i >= 0 && i < FEE__COUNT && k >= 0 && k < HOLDER__COUNT);
    return items[i].zh[k];
}
const char *fees_item_en(ck_fee_item i, ck_holder_kind k)
{
    assert(i >= 0 && i < FEE__COUNT && k >= 0 && k < HOLDER__COUNT);
    return items[i].en[k];
}

static void add_line(ck_quote *q, ck_fee_item item, int64_t unit_fen, int quantity, bool waived)
{
    ck_fee_line *l;
    assert(q->n_lines < FEES_MAX_LINES);
    l = &q->lines[q->n_lines++];
    l->item = item;
    l->unit_fen = unit_fen;
    l->quantity = quantity;
    l->waived = waived;
    l->amount_fen = waived ? 0 : unit_fen * quantity;
    q->total_fen += l->amount_fen;
}

ck_err fees_quote(const ck_fee_schedule *fs, ck_service s, ck_holder_kind k, int years, int seals, ck_quote *out,
                  ck_diag *d)
{
    const ck_holder_fees *hf;
    if (fs == NULL || out == NULL || s < 0 || s >= SVC__COUNT || k < 0 || k >= HOLDER__COUNT)
        return CK_E_ARG;
    *out = (ck_quote){.service = s, .holder = k};
    if (!services_allows_holder(s, k)) {
        ck_diag_zh(d, CK_E_HOLDER_NOT_ALLOWED, "%s不能办理%s", holder_kind_zh(k), services_info(s)->zh);
        return ck_diag_en(d, CK_E_HOLDER_NOT_ALLOWED, "A %s holder cannot apply for %s", holder_kind_code(k),
                          services_info(s)->en);
    }
    if (services_has(s, SVC_F_TERM)) {
        if (years < 1 || years > FEES_MAX_YEARS)
            return ck_diag_fail(d, CK_E_RANGE, "证书年限只能选择1年或2年（收到%d年）",
                                "The term can only be 1 or 2 years (got %d)", years);
        out->years = years;
    }
    if (services_has(s, SVC_F_SEALS)) {
        if (seals < 1 || seals > fs->max_seals)
            return ck_diag_fail(d, CK_E_RANGE, "印章数量应为1到%d个（收到%d个）",
                                "The number of seals must be 1 to %d (got %d)", fs->max_seals, seals);
        out->seals = seals;
    }
    hf = &fs->holder[k];
    switch (s) {
    case SVC_NEW:
        add_line(out, FEE_ACCOUNT, hf->account_fen, 1, years == 2);
        add_line(out, FEE_ANNUAL, hf->annual_fen, years, false);
        add_line(out, FEE_SEAL, hf->seal_per_year_fen, years * seals, false);
        break;
    case SVC_RENEW:
        add_line(out, FEE_ANNUAL, hf->annual_fen, years, false);
        add_line(out, FEE_SEAL, hf->seal_per_year_fen, years * seals, false);
        break;
    case SVC_REPLACE: add_line(out, FEE_REPLACEMENT, fs->replacement_fen, 1, false); break;
    case SVC_SEAL_RENEW: add_line(out, FEE_SEAL, hf->seal_per_year_fen, years * seals, false); break;
    case SVC_CHANGE:
    case SVC_REVOKE:
    case SVC_SEAL_UPGRADE:
    case SVC_PIN_CHANGE:
    case SVC_UNLOCK:
    case SVC__COUNT: break;
    }
    return CK_OK;
}

int fees_seal_renew_years(int64_t days_left)
{
    int64_t years = (days_left + 364) / 365;
    if (years < 1)
        return 1;
    return years > FEES_MAX_YEARS ? FEES_MAX_YEARS : (int)years;
}

ck_err fees_schedule_check(const ck_fee_schedule *fs, ck_diag *d)
{
    const int64_t *amounts[] = {
        &fs->holder[HOLDER_UNIT].account_fen,
        &fs->holder[HOLDER_UNIT].annual_fen,
        &fs->holder[HOLDER_UNIT].seal_per_year_fen,
        &fs->holder[HOLDER_EXPERT].account_fen,
        &fs->holder[HOLDER_EXPERT].annual_fen,
        &fs->holder[HOLDER_EXPERT].seal_per_year_fen,
        &fs->replacement_fen,
    };
    for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++)
        if (*amounts[i] < 0 || *amounts[i] > MONEY_MAX_FEN)
            return ck_diag_fail(d, CK_E_FEES, "收费金额超出范围", "A fee amount is out of range");
    if (fs->max_seals < 1 || fs->max_seals > 9)
        return ck_diag_fail(d, CK_E_FEES, "印章数量上限应为1到9（现为%d）", "max_seals must be 1 to 9 (is %d)",
                            fs->max_seals);
    return CK_OK;
}

/*
 * services.c - the service table. The summaries paraphrase the CA's guide
 * (shared/seed): renewal from 60 days before expiry, change and replacement
 * keep the validity, the annual fee covers change, unlock and revocation, the
 * seal upgrade is free and needs 60 days of validity left.
 */
#include "services.h"

#include <assert.h>
#include <string.h>

static const ck_service_info table[SVC__COUNT] = {
    [SVC_NEW] = {SVC_NEW, "new", "证书及印章新办", "New certificate and seal",
                 "首次申请数字证书或额外增加数字证书，印章与证书同步申请。",
                 "First certificate, or an additional one; the seal is applied for with it.",
                 "开户费（2年期免收）+ 年服务费 + 印章费", "Account fee (waived for 2 years) + annual fee + seal fee",
                 SVC_F_PAID | SVC_F_TERM | SVC_F_SEALS | SVC_F_ISSUES_CERT | SVC_F_NEW_MEDIUM | SVC_F_REVIEWED |
                     SVC_F_SUBJECT_FORM | SVC_F_ISSUES_SEAL,
                 SVC_HOLDERS_ALL},
    [SVC_RENEW] = {SVC_RENEW, "renew", "证书及印章更新", "Renew certificate and seal",
                   "证书到期前60天起可办理更新，证书已过期也可更新；请携带数字证书USB Key。",
                   "Possible from 60 days before expiry, and after expiry; bring the USB Key.",
                   "年服务费 + 印章费，不收开户费", "Annual fee + seal fee; no account fee",
                   SVC_F_BRINGS_KEY | SVC_F_NEEDS_CERT | SVC_F_PAID | SVC_F_TERM | SVC_F_SEALS | SVC_F_ISSUES_CERT |
                       SVC_F_REVIEWED | SVC_F_ISSUES_SEAL,
                   SVC_HOLDERS_ALL},
    [SVC_CHANGE] = {SVC_CHANGE, "change", "证书变更", "Change of subject",
                    "单位名称或证照号变更时办理，请携带数字证书USB Key；变更后证书有效期不变。",
                    "When the organisation name or credit code changes; bring the USB Key. Validity unchanged.",
                    "免费（已含在年服务费中）", "Free (covered by the annual fee)",
                    SVC_F_BRINGS_KEY | SVC_F_NEEDS_CERT | SVC_F_ISSUES_CERT | SVC_F_KEEPS_NOT_AFTER | SVC_F_REVIEWED |
                        SVC_F_SUBJECT_FORM | SVC_F_ISSUES_SEAL,
                    SVC_HOLDERS_ALL},
    [SVC_REPLACE] = {SVC_REPLACE, "replace", "证书补办", "Replace a lost or broken key",
                     "USB Key在有效期内丢失或损坏时补办；补办的证书有效期不变。",
                     "For a USB Key lost or broken while valid; the new certificate keeps the validity.",
                     "补办费每次每张", "Replacement fee per key",
                     SVC_F_NEEDS_CERT | SVC_F_PAID | SVC_F_ISSUES_CERT | SVC_F_NEW_MEDIUM | SVC_F_KEEPS_NOT_AFTER |
                         SVC_F_REVIEWED | SVC_F_SUBJECT_FORM | SVC_F_ISSUES_SEAL,
                     SVC_HOLDERS_ALL},
    [SVC_REVOKE] = {SVC_REVOKE, "revoke", "证书吊销", "Revoke a certificate",
                    "USB Key遗失或不再使用时申请吊销数字证书。", "When the USB Key is lost or no longer used.",
                    "免费（已含在年服务费中）", "Free (covered by the annual fee)",
                    SVC_F_NEEDS_CERT | SVC_F_REVIEWED | SVC_F_SUBJECT_FORM, SVC_HOLDERS_ALL},
    [SVC_SEAL_UPGRADE] = {SVC_SEAL_UPGRADE, "seal-upgrade", "印章升级", "Seal upgrade",
                          "免费升级为国标印章，印章有效期同证书一致；证书剩余有效期小于60天请先更新证书。"
                          "四川CA将在1个工作日内完成审核。",
                          "Free upgrade to a national-standard seal, valid as long as the certificate; renew first "
                          "when fewer than 60 days are left. Reviewed within one working day.",
                          "免费", "Free", SVC_F_BRINGS_KEY | SVC_F_NEEDS_CERT | SVC_F_REVIEWED | SVC_F_ISSUES_SEAL,
                          SVC_HOLDERS_ALL},
    [SVC_SEAL_RENEW] = {SVC_SEAL_RENEW, "seal-renew", "印章续期", "Seal renewal",
                        "插入证书确认印章续期信息，续期的印章有效期与CA证书一致；微信扫码支付后自动完成。",
                        "Insert the key; the renewed seal is valid as long as the certificate. Paid by WeChat.",
                        "印章费按年按个", "Seal fee per year per seal",
                        SVC_F_BRINGS_KEY | SVC_F_NEEDS_CERT | SVC_F_PAID | SVC_F_TERM | SVC_F_SEALS | SVC_F_ISSUES_SEAL,
                        SVC_HOLDERS_ALL},
    [SVC_PIN_CHANGE] = {SVC_PIN_CHANGE, "pin-change", "修改密码", "Change PIN",
                        "证书初始密码为12345678，建议修改为只有您知道的密码。",
                        "The initial PIN is 12345678; change it to one only you know.", "免费", "Free",
                        SVC_F_BRINGS_KEY, SVC_HOLDERS_ALL},
    [SVC_UNLOCK] = {SVC_UNLOCK, "unlock", "证书解锁", "Unlock a USB Key",
                    "忘记密码或证书被锁定时办理，解锁后设置新密码。",
                    "When the PIN is forgotten or blocked; a new PIN is set.", "免费（已含在年服务费中）",
                    "Free (covered by the annual fee)", SVC_F_BRINGS_KEY, SVC_HOLDERS_ALL},
};

const ck_service_info *services_info(ck_service s)
{
    assert(s >= 0 && s < SVC__COUNT);
    return &table[s];
}

ck_err services_parse(const char *code, ck_service *out)
{
    for (int s = 0; code != NULL && s < SVC__COUNT; s++) {
        if (strcmp(code, table[s].code) == 0) {
            *out = (ck_service)s;
            return CK_OK;
        }
    }
    return CK_E_UNKNOWN_SERVICE;
}

bool services_has(ck_service s, enum ck_service_flag f) { return (services_info(s)->flags & f) != 0; }

bool services_allows_holder(ck_service s, ck_holder_kind k)
{
    return k >= 0 && k < HOLDER__COUNT && (services_info(s)->holders & (1u << k)) != 0;
}

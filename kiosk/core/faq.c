/* faq.c - the FAQ table (see faq.h); the answers follow the guide in shared/seed. */
#include "faq.h"

#include <stdbool.h>
#include <string.h>

static const ck_faq table[] = {
    {"pin-initial", "证书的初始密码是什么？怎样修改？", "What is the certificate's initial PIN, and how do I change it?",
     "证书初始密码为“12345678”。可在本机选择“修改密码”办理；也可安装四川CA证书助手（i信），在“证书服务－修改口令”中"
     "修改。证书助手请到四川CA官网（www.scca.com.cn）下载专区下载安装。",
     "The initial PIN is 12345678. Change it here with \"Change PIN\", or install the Sichuan CA certificate "
     "assistant (i信) and use Certificate services – Change PIN. The assistant is in the download area of the "
     "Sichuan CA website (www.scca.com.cn)."},
    {"pin-locked", "忘记密码或证书被锁定怎么办？", "I forgot the PIN, or the certificate is locked. What now?",
     "请联系四川CA客服处理：客服电话 {ca_hotline}，客服QQ 4008676868。",
     "Please contact Sichuan CA customer service: hotline {ca_hotline}, QQ 4008676868."},
    {"seal-needs-upgrade", "互认助手“签章能力检测”显示“待升级”", "The assistant's signature check says \"待升级\" (needs upgrade)",
     "原因：当前证书没有印章，或印章已过期。解决方法：办理“印章升级”或“印章续期”，本机菜单中均可选择。",
     "Cause: the certificate has no seal, or its seal has expired. What to do: apply for a seal upgrade or a seal "
     "renewal; both are on this kiosk's menu."},
    {"seal-read-failed", "页面提示“[local]KT_ReadSealDatas:获取厂家印章数据失败”",
     "A page says \"[local]KT_ReadSealDatas\": the seal data could not be read",
     "原因及解决方法与上一问题相同：当前证书没有印章或印章已过期，请办理“印章升级”或“印章续期”。",
     "The same cause and fix as the previous question: the certificate has no seal or its seal has expired; apply "
     "for a seal upgrade or a seal renewal."},
    {"name-mismatch", "登录时提示“当前用户所属机构与key信息不一致”",
     "Logging in says the user's organisation does not match the key",
     "原因：证书上的单位名称与平台账号名称不一致。解决方法：在互认助手“我的证书”中查看单位名称。若证书上的名称有误，请联系四川CA"
     "客服（{ca_hotline}）办理证书变更；若证书正确，请联系平台（{platform_hotline}）修改平台账号名称。",
     "Cause: the organisation name on the certificate differs from the platform account's name. What to do: look "
     "at the name under My certificate in the assistant. If the certificate is wrong, call Sichuan CA "
     "({ca_hotline}) for a change of subject; if it is right, call the platform ({platform_hotline}) to correct "
     "the account's name."},
    {"key-not-read", "登录时提示“CA证书读取错误！未插入CA证书UKey或插入UKey无法使用”",
     "Logging in says the CA certificate cannot be read, or no USB Key is inserted",
     "原因：未安装互认助手驱动，或使用环境异常。解决方法：①未安装驱动的，请到四川政府采购网（zfcg.scsczt.cn）“下载专区－CA"
     "客户端下载”，下载安装“统一安全认证客户端-windows-CA互认四川版”；②已安装的，请插入证书USB Key，打开互认助手进行环境"
     "检测，如提示异常且无法修复，请联系平台（{platform_hotline}）。",
     "Cause: the assistant's driver is not installed, or the computer's set-up is faulty. What to do: (1) without "
     "the driver, download and install the Sichuan edition of the unified security client from the Sichuan "
     "government procurement site (zfcg.scsczt.cn), Downloads – CA client; (2) with it, insert the USB Key and run "
     "the assistant's environment check; if it reports a fault it cannot repair, call the platform "
     "({platform_hotline})."},
    {"not-bound", "CA登录时提示CA未绑定或登录入口不正确", "Logging in says the certificate is not bound, or the entrance is wrong",
     "原因一：证书未绑定。请按四川政府采购网“办事指南”完成绑定；如账号已绑定其他证书，请先用已绑定的证书登录并解绑，再用账号密码"
     "登录，绑定新证书。原因二：登录入口错误。采购人、代理机构、供应商、评审专家请从各自角色的入口登录。",
     "Cause one: the certificate is not bound to the account. Bind it as the procurement site's guides describe; "
     "if another certificate is bound, log in with that one, unbind it, log in with the account's password and "
     "bind the new one. Cause two: the wrong entrance. Purchasers, agencies, suppliers and experts each log in "
     "through their own role's entrance."},
    {"renew-when", "什么时候可以办理证书更新？", "When can I renew my certificate?",
     "证书到期前60天起可以办理更新，证书已过期也可以更新。在有效期内更新的，新证书从原到期日起计算，提前办理不损失天数。",
     "From 60 days before it expires, and also after it has expired. Renewed before expiry, the new certificate "
     "runs on from the old expiry date, so renewing early loses no days."},
    {"term", "办理1年期和2年期有什么区别？", "What is the difference between 1 and 2 years?",
     "可选择办理1年或2年期证书；办理2年期免收开户费。具体金额请看“收费标准”。",
     "You can choose a 1-year or a 2-year certificate; for 2 years the account fee is waived. See \"Fees\" for "
     "the amounts."},
    {"invoice", "电子发票怎样获取？", "How do I get the electronic invoice?",
     "业务办结后，电子发票将在2个工作日内以短信发送至经办人手机。收到短信后，用办理业务的手机号登录四川CA网厅，在“电子发票”"
     "模块下载。",
     "Within 2 working days after the service is completed, a text message is sent to the applicant's mobile. Log "
     "in to the Sichuan CA online hall with that mobile number and download the invoice under E-invoice."},
    {"seal-upgrade", "印章升级收费吗？需要什么条件？", "Does a seal upgrade cost anything? Who can have one?",
     "已办理四川CA公共资源交易招投标类证书的用户可免费升级平台印章，印章有效期与证书一致。证书剩余有效期小于60天的，请先更新"
     "证书再升级印章。四川CA将在1个工作日内完成审核，并短信通知。",
     "Holders of a Sichuan CA certificate for public-resource trading and bidding can upgrade their seal for "
     "free; the seal is valid as long as the certificate. With fewer than 60 days left, renew the certificate "
     "first. Sichuan CA reviews it within one working day and informs you by text message."},
    {"validity-kept", "证书变更或补办后，有效期会改变吗？", "Does the validity change after a change or a replacement?",
     "不会。变更（单位名称、证照号变更，办理时需携带数字证书USB Key）和补办（USB Key在有效期内丢失或损坏）的证书有效期都保持"
     "不变。",
     "No. After a change of subject (a new organisation name or licence number; bring the USB Key) or a "
     "replacement (a USB Key lost or broken while valid) the certificate keeps its validity."},
    {"computer", "使用证书的电脑需要什么环境？", "What computer do I need to use the certificate?",
     "Windows 7、8、10、11，或国产化系统（UOS、麒麟）；内存4GB及以上；推荐使用谷歌浏览器或火狐浏览器。",
     "Windows 7, 8, 10 or 11, or a domestic system (UOS, Kylin); 4 GB of memory or more; Chrome or Firefox is "
     "recommended."},
    {"platform-help", "平台操作遇到问题找谁？", "Who helps with the procurement platform itself?",
     "请登录一体化平台，优先通过页面右侧“在线客服”查看常见问题或转人工提交问题及截图，人工客服当天回复；紧急情况请拨打 "
     "{platform_hotline}。",
     "Log in to the platform and use Online service on the right of the page: read the common questions or pass "
     "your question and a screenshot to a person, who answers the same day. When it is urgent, call "
     "{platform_hotline}."},
};

size_t faq_count(void) { return sizeof table / sizeof table[0]; }

const ck_faq *faq_get(size_t i) { return i < faq_count() ? &table[i] : NULL; }

const ck_faq *faq_find(const char *code)
{
    for (size_t i = 0; code != NULL && i < faq_count(); i++)
        if (strcmp(table[i].code, code) == 0)
            return &table[i];
    return NULL;
}

/* Where faq_format writes: stops at the first piece that does not fit whole characters. */
typedef struct sink {
    char *out;
    size_t cap, at, len;
    bool cut;
} sink;

static void put(sink *k, const char *s, size_t n)
{
    size_t take = n;
    k->len += n;
    if (k->cut)
        return;
    if (take > k->cap - 1 - k->at) {
        take = k->cap - 1 - k->at;
        while (take > 0 && ((unsigned char)s[take] & 0xC0) == 0x80) /* not inside a character */
            take--;
        k->cut = true;
    }
    memcpy(k->out + k->at, s, take);
    k->at += take;
    k->out[k->at] = '\0';
}

size_t faq_format(const char *text, const char *ca_hotline, const char *platform_hotline, char *out, size_t cap)
{
    static const char ca_key[] = "{ca_hotline}", pf_key[] = "{platform_hotline}";
    sink k = {out, cap, 0, 0, false};
    if (cap == 0 || out == NULL || text == NULL)
        return 0;
    out[0] = '\0';
    while (*text != '\0') {
        const char *brace = strchr(text, '{');
        if (brace == NULL) {
            put(&k, text, strlen(text));
            break;
        }
        put(&k, text, (size_t)(brace - text));
        if (strncmp(brace, ca_key, sizeof ca_key - 1) == 0) {
            put(&k, ca_hotline, strlen(ca_hotline));
            text = brace + sizeof ca_key - 1;
        } else if (strncmp(brace, pf_key, sizeof pf_key - 1) == 0) {
            put(&k, platform_hotline, strlen(platform_hotline));
            text = brace + sizeof pf_key - 1;
        } else {
            put(&k, "{", 1);
            text = brace + 1;
        }
    }
    return k.len;
}

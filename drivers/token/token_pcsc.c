/* token_pcsc.c - the PC/SC transport and reader functions over pcsc-lite. */
#include "token_pcsc.h"

#include <PCSC/winscard.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pcsc {
    SCARDCONTEXT ctx;
    SCARDHANDLE card;
    DWORD protocol;
    char reader[128];
};

/* The one mapping from PC/SC to the project's errors. */
static ck_err pcsc_error(LONG rv, const char *what, ck_diag *d)
{
    switch (rv) {
    case SCARD_E_NO_SERVICE:
    case SCARD_E_SERVICE_STOPPED:
        return ck_diag_fail(d, CK_E_TOKEN_NO_READER, "读卡服务未运行（pcscd），请联系技术人员",
                            "the smart-card service (pcscd) is not running; call a technician");
    case SCARD_E_NO_READERS_AVAILABLE:
    case SCARD_E_UNKNOWN_READER:
        return ck_diag_fail(d, CK_E_TOKEN_NO_READER, "未检测到读卡设备，请联系窗口工作人员",
                            "no card reader was found; please ask the service window");
    case SCARD_E_NO_SMARTCARD:
        return ck_diag_fail(d, CK_E_TOKEN_ABSENT,
                            "CA证书读取错误！未插入CA证书UKey或插入UKey无法使用，请插入您的USB Key",
                            "No USB Key is inserted, or it cannot be used; please insert your USB Key");
    case SCARD_W_REMOVED_CARD:
    case SCARD_W_RESET_CARD:
    case SCARD_E_READER_UNAVAILABLE:
        return ck_diag_fail(d, CK_E_TOKEN_REMOVED, "USB Key已被拔出，请重新插入后继续，已完成的步骤不会丢失",
                            "The USB Key was removed; insert it again to continue. Nothing done so far is lost");
    case SCARD_E_TIMEOUT:
        return ck_diag_fail(d, CK_E_TOKEN_ABSENT, "等待USB Key超时", "timed out waiting for the USB Key");
    case SCARD_W_UNRESPONSIVE_CARD:
    case SCARD_W_UNPOWERED_CARD:
        return ck_diag_fail(d, CK_E_TOKEN_COMM, "USB Key无响应，请重新插入",
                            "the USB Key does not respond; re-insert it");
    }
    return ck_diag_fail(d, CK_E_TOKEN_COMM, "%s失败：%s", "%s failed: %s", what, pcsc_stringify_error(rv));
}

ck_err token_pcsc_list(token_pcsc_reader *out, int max, int *n, ck_diag *d)
{
    SCARDCONTEXT ctx;
    char names[2048];
    DWORD len = sizeof names;
    SCARD_READERSTATE st[TOKEN_PCSC_MAX_READERS];
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
    int count = 0;
    if (rv != SCARD_S_SUCCESS)
        return pcsc_error(rv, "连接读卡服务 / connecting to pcscd", d);
    rv = SCardListReaders(ctx, NULL, names, &len);
    for (const char *p = names; rv == SCARD_S_SUCCESS && *p != '\0' && count < max && count < TOKEN_PCSC_MAX_READERS;
         p += strlen(p) + 1) {
        size_t l = strlen(p);
        if (l >= sizeof out[count].name)
            continue; /* no reader has a name this long; skip rather than connect to a truncated one */
        memcpy(out[count].name, p, l + 1);
        st[count] = (SCARD_READERSTATE){.szReader = out[count].name, .dwCurrentState = SCARD_STATE_UNAWARE};
        count++;
    }
    if (rv == SCARD_S_SUCCESS && count > 0)
        rv = SCardGetStatusChange(ctx, 0, st, (DWORD)count);
    for (int i = 0; rv == SCARD_S_SUCCESS && i < count; i++)
        out[i].card_present = (st[i].dwEventState & SCARD_STATE_PRESENT) != 0;
    SCardReleaseContext(ctx);
    if (rv != SCARD_S_SUCCESS)
        return pcsc_error(rv, "列出读卡器 / listing readers", d);
    *n = count;
    return CK_OK;
}

ck_err token_pcsc_service(ck_diag *d)
{
    SCARDCONTEXT ctx;
    LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
    if (rv != SCARD_S_SUCCESS)
        return pcsc_error(rv, "连接读卡服务 / connecting to pcscd", d);
    SCardReleaseContext(ctx);
    return CK_OK;
}

/*
 * After a failed or truncated exchange: is the key still in the reader? A
 * key pulled mid-APDU often shows up as a short answer before the reader
 * reports the removal, so wait briefly for the reader's verdict. The customer
 * must hear "your key was removed", not "communication error".
 */
static bool card_gone(struct pcsc *p)
{
    SCARD_READERSTATE st = {.szReader = p->reader, .dwCurrentState = SCARD_STATE_UNAWARE};
    for (int i = 0; i < 8; i++) {
        if (SCardGetStatusChange(p->ctx, i == 0 ? 0 : 200, &st, 1) == SCARD_S_SUCCESS) {
            if (!(st.dwEventState & SCARD_STATE_PRESENT))
                return true;
            st.dwCurrentState = st.dwEventState & ~(DWORD)SCARD_STATE_CHANGED;
        }
    }
    return false;
}

static ck_err pcsc_transmit(void *ctx, const uint8_t *apdu, size_t n, uint8_t *resp, size_t cap, size_t *resp_len,
                            ck_diag *d)
{
    struct pcsc *p = ctx;
    const SCARD_IO_REQUEST *pci = p->protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    DWORD len = (DWORD)cap;
    LONG rv = SCardTransmit(p->card, pci, apdu, (DWORD)n, NULL, resp, &len);
    if ((rv != SCARD_S_SUCCESS || len < 2) && card_gone(p))
        rv = SCARD_W_REMOVED_CARD;
    if (rv != SCARD_S_SUCCESS)
        return pcsc_error(rv, "与USB Key通信 / talking to the USB Key", d);
    *resp_len = len;
    return CK_OK;
}

static void pcsc_close(void *ctx)
{
    struct pcsc *p = ctx;
    SCardDisconnect(p->card, SCARD_LEAVE_CARD);
    SCardReleaseContext(p->ctx);
    free(p);
}

/*
 * The reader to use when none is configured: the first holding a key
 * (want_card), or simply the first. name must hold 128 bytes.
 */
static ck_err default_reader(bool want_card, char *name, ck_diag *d)
{
    token_pcsc_reader readers[TOKEN_PCSC_MAX_READERS];
    int n = 0;
    ck_err rc = token_pcsc_list(readers, TOKEN_PCSC_MAX_READERS, &n, d);
    if (rc != CK_OK)
        return rc;
    for (int i = 0; i < n; i++) {
        if (!want_card || readers[i].card_present) {
            memcpy(name, readers[i].name, sizeof readers[i].name);
            return CK_OK;
        }
    }
    return pcsc_error(n == 0 ? SCARD_E_NO_READERS_AVAILABLE : SCARD_E_NO_SMARTCARD, "", d);
}

ck_err token_pcsc_connect(const char *reader, ck_token_transport *out, ck_diag *d)
{
    char first[128];
    struct pcsc *p;
    LONG rv;
    ck_err rc;
    if (reader == NULL) {
        if ((rc = default_reader(true, first, d)) != CK_OK)
            return rc;
        reader = first;
    }
    if ((p = calloc(1, sizeof *p)) == NULL)
        return CK_E_NOMEM;
    rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &p->ctx);
    if (rv == SCARD_S_SUCCESS)
        rv = SCardConnect(p->ctx, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &p->card,
                          &p->protocol);
    if (rv != SCARD_S_SUCCESS) {
        if (p->ctx != 0)
            SCardReleaseContext(p->ctx);
        free(p);
        return pcsc_error(rv, "连接USB Key / connecting to the USB Key", d);
    }
    snprintf(p->reader, sizeof p->reader, "%s", reader);
    *out = (ck_token_transport){.transmit = pcsc_transmit, .close = pcsc_close, .ctx = p};
    snprintf(out->reader, sizeof out->reader, "%s", reader);
    return CK_OK;
}

ck_err token_pcsc_wait(const char *reader, bool want_present, int timeout_ms, ck_diag *d)
{
    char first[128];
    SCARDCONTEXT ctx;
    SCARD_READERSTATE st = {0};
    LONG rv;
    ck_err rc;
    if (reader == NULL) {
        if ((rc = default_reader(false, first, d)) != CK_OK)
            return rc;
        reader = first;
    }
    if ((rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx)) != SCARD_S_SUCCESS)
        return pcsc_error(rv, "连接读卡服务 / connecting to pcscd", d);
    st.szReader = reader;
    st.dwCurrentState = SCARD_STATE_UNAWARE;
    for (;;) {
        bool present;
        rv = SCardGetStatusChange(ctx, st.dwCurrentState == SCARD_STATE_UNAWARE ? 0 : (DWORD)timeout_ms, &st, 1);
        if (rv != SCARD_S_SUCCESS)
            break;
        present = (st.dwEventState & SCARD_STATE_PRESENT) != 0;
        if (present == want_present)
            break;
        st.dwCurrentState = st.dwEventState & ~(DWORD)SCARD_STATE_CHANGED;
    }
    SCardReleaseContext(ctx);
    return rv == SCARD_S_SUCCESS ? CK_OK : pcsc_error(rv, "等待USB Key / waiting for the USB Key", d);
}

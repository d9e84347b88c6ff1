/*
 * vp_decode.h - the virtual printer's ESC/POS decoder: the bytes of one
 * connection, fed as they arrive in any chunking, become receipts (JSON lines
 * in the receipts file, raster PNGs beside it) and status answers (handed to
 * the server's callback to send back). It knows the subset the kiosk's encoder uses
 * (drivers/printer/escpos.c); anything else is recorded, never fatal. Memory
 * is bounded: a command may hold at most VP_MAX_COMMAND bytes, longer ones
 * are skipped unseen with an error. The socket is the server's (vp_main.c).
 */
#ifndef VP_DECODE_H
#define VP_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define VP_MAX_COMMAND (1024 * 1024 + 16) /* a raster's data, 1 MiB, and its header */
#define VP_MAX_RECEIPT (1024 * 1024)      /* longer receipts are still decoded, with an error */

/* What the paper-status queries (DLE EOT n) answer. */
typedef enum vp_status {
    VP_STATUS_OK,
    VP_STATUS_NEAR_END,
    VP_STATUS_PAPER_OUT,
    VP_STATUS_COVER_OPEN,
    VP_STATUS_OFFLINE
} vp_status;

/* "ok", "near-end", "paper-out", "cover-open", "offline"; false for anything else. */
bool vp_status_parse(const char *word, vp_status *out);
/* The answer byte to DLE EOT n (n = 1, 2, 3 or 4) in status s. */
uint8_t vp_status_byte(vp_status s, int n);

typedef struct vp_decoder_cfg {
    FILE *out;                            /* receipts.jsonl, opened for appending */
    const char *dir;                      /* where raster PNGs go */
    unsigned *receipts;                   /* receipts written so far, shared by the server's connections */
    vp_status (*status)(void *ctx);       /* asked at each status query */
    void (*answer)(void *ctx, uint8_t b); /* sends a status answer back at once */
    void *ctx;
} vp_decoder_cfg;

typedef struct vp_decoder vp_decoder;

/* A decoder for one connection; cfg is copied (what it points to must outlive the decoder). NULL when
 * memory ran out or iconv has no GB18030. */
vp_decoder *vp_decoder_create(const vp_decoder_cfg *cfg);
/* Frees the decoder; a receipt still open is lost (call vp_decoder_end first). NULL is allowed. */
void vp_decoder_destroy(vp_decoder *d);

/* Decodes n more bytes; receipts cut among them are written at once, status queries answered at once. */
void vp_decoder_feed(vp_decoder *d, const uint8_t *data, size_t n);
/* The connection ended (dropped: cut off by the printer): writes an open receipt with "cut": false if it
 * holds anything (when dropped: any byte). */
void vp_decoder_end(vp_decoder *d, bool dropped);

#endif

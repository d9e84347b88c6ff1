/*
 * vp_decode_impl.h - the virtual printer decoder's state, shared by its two
 * files only: vp_decode.c (the byte stream, text, modes, cuts, status) and
 * vp_graphics.c (QR codes and raster images). Not for other users.
 */
#ifndef VP_DECODE_IMPL_H
#define VP_DECODE_IMPL_H

#include <iconv.h>

#include "vp_decode.h"
#include "vp_receipt.h"

#define VP_LINE_MAX         1024  /* text bytes kept per line */
#define VP_RASTER_MAX_BYTES 256   /* bytes per raster row: 2048 dots, far past an 80 mm head */
#define VP_QR_MAX           65536 /* GS ( k can carry no more */

struct vp_decoder {
    vp_decoder_cfg cfg;
    iconv_t cd;
    vp_receipt r;
    int align, size; /* the state commands set */
    bool bold, chinese;
    uint8_t line[VP_LINE_MAX]; /* the current line's text bytes and the attributes at its first byte */
    size_t line_len;
    int line_align, line_size;
    bool line_bold, line_overflow;
    uint8_t *qr; /* the stored QR data (VP_QR_MAX) */
    size_t qr_len;
    bool qr_stored;
    int qr_model, qr_module, qr_level;
    uint8_t *pend;         /* bytes of an incomplete command (VP_MAX_COMMAND) */
    size_t pend_len, skip; /* skip: bytes of an over-long command still to throw away */
    const char *cut;       /* set by GS V: the receipt ends once the command is counted */
};

/* Lines pushed so far: where an item sits among them. */
static inline int vp_decode_lines(const vp_decoder *d) { return d->r.lines ? cJSON_GetArraySize(d->r.lines) : 0; }

/* GS ( k pL pH cn fn [params] at p (n bytes there, p[2] == 'k'): bytes consumed, 0 if incomplete. */
size_t vp_graphics_qr(vp_decoder *d, const uint8_t *p, size_t n);
/* GS v 0 m xL xH yL yH data at p: bytes consumed, 0 if incomplete; may set d->skip for an image too large. */
size_t vp_graphics_raster(vp_decoder *d, const uint8_t *p, size_t n);

#endif

/*
 * embedded.h - the shipped config/certkiosk.ini and config/fees.ini, compiled
 * into the program at build time (cmake/embed_file.cmake) so that the kiosk
 * runs on its defaults with no file installed, and the defaults have exactly
 * one source: the files in config/.
 */
#ifndef CK_CONFIG_EMBEDDED_H
#define CK_CONFIG_EMBEDDED_H

extern const char embedded_certkiosk_ini[];
extern const char embedded_fees_ini[];

#endif

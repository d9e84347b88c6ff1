/* cmocka_all.h - the headers cmocka needs before it, in the order it needs them. */
#ifndef CK_TESTS_CMOCKA_ALL_H
#define CK_TESTS_CMOCKA_ALL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#endif

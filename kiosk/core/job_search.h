/*
 * job_search.h - what a clerk's search box matches (supervisor mode, "查找
 * 业务"): a job number (the UUID, or the start of it that receipts and the
 * screens show, dashes and case ignored), a unified social credit code (or
 * its start), or part of an organisation's name. Pure: no store, no I/O.
 */
#ifndef CK_CORE_JOB_SEARCH_H
#define CK_CORE_JOB_SEARCH_H

#include <stdbool.h>

/* Whether a job with this uuid, organisation name and credit code answers the query; "" answers everything. */
bool job_search_match(const char *query, const char *uuid, const char *org_name, const char *uscc);

#endif

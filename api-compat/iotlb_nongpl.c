// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module whose license is not GPL-compatible, calling the inline IOTLB
 * helpers of <linux/iommu.h>. Upstream, iommu_iotlb_sync() and
 * iommu_flush_iotlb_all() call the IOMMU driver directly and need no
 * symbol, so such a module links. With the series' trace events in those
 * inlines, it must still link: whatever symbols they reach are exported to
 * every module. modpost refuses a GPL-only symbol here, which fails the
 * build. The module is built, never loaded; its source is GPL like the
 * rest of the harness, and it claims another license only so that modpost
 * applies its GPL-only check.
 */
#include <linux/iommu.h>
#include <linux/module.h>

/* Set by nobody: the calls must stay, so that modpost sees their symbols. */
extern struct iommu_domain *iotlb_nongpl_domain;
struct iommu_domain *iotlb_nongpl_domain;

static int __init iotlb_nongpl_init(void)
{
	struct iommu_iotlb_gather gather;

	if (!iotlb_nongpl_domain)
		return 0;
	iommu_iotlb_gather_init(&gather);
	iommu_iotlb_sync(iotlb_nongpl_domain, &gather);
	iommu_flush_iotlb_all(iotlb_nongpl_domain);
	return 0;
}
module_init(iotlb_nongpl_init);

MODULE_DESCRIPTION("devsec harness: IOTLB helpers from a non-GPL module");
MODULE_LICENSE("Proprietary");

// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module written against the upstream (Linux 6.16+) signatures of the
 * two-step DMA mapping API, as given in shared/spec/dma-iova.md.  It must
 * build unchanged against the series: every function is taken as a pointer
 * of the upstream type, so any difference in a prototype is a type error
 * (the build uses -Werror), and the state layout and DMA_ATTR_MMIO are
 * checked at compile time.  It also uses the API the way an upstream
 * driver does, with the dma_map_phys() fallback.
 */
#include <linux/build_bug.h>
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/stddef.h>

#define SAME_TYPE(fn, type) \
	static_assert(__builtin_types_compatible_p(typeof(&fn), type), #fn)

SAME_TYPE(dma_iova_size, size_t (*)(struct dma_iova_state *));
SAME_TYPE(dma_use_iova, bool (*)(struct dma_iova_state *));
SAME_TYPE(dma_iova_try_alloc, bool (*)(struct device *,
				       struct dma_iova_state *, phys_addr_t,
				       size_t));
SAME_TYPE(dma_iova_free, void (*)(struct device *, struct dma_iova_state *));
SAME_TYPE(dma_iova_link, int (*)(struct device *, struct dma_iova_state *,
				 phys_addr_t, size_t, size_t,
				 enum dma_data_direction, unsigned long));
SAME_TYPE(dma_iova_sync, int (*)(struct device *, struct dma_iova_state *,
				 size_t, size_t));
SAME_TYPE(dma_iova_unlink, void (*)(struct device *, struct dma_iova_state *,
				    size_t, size_t, enum dma_data_direction,
				    unsigned long));
SAME_TYPE(dma_iova_destroy, void (*)(struct device *,
				     struct dma_iova_state *, size_t,
				     enum dma_data_direction, unsigned long));
SAME_TYPE(dma_map_phys, dma_addr_t (*)(struct device *, phys_addr_t, size_t,
				       enum dma_data_direction,
				       unsigned long));
SAME_TYPE(dma_unmap_phys, void (*)(struct device *, dma_addr_t, size_t,
				   enum dma_data_direction, unsigned long));
SAME_TYPE(dma_need_unmap, bool (*)(struct device *));

static_assert(DMA_ATTR_MMIO == (1UL << 10));
static_assert(DMA_ATTR_REQUIRE_COHERENT == (1UL << 12));
static_assert(offsetof(struct dma_iova_state, addr) == 0);
static_assert(__builtin_types_compatible_p(typeof(((struct dma_iova_state *)0)->addr),
					   dma_addr_t));
static_assert(__builtin_types_compatible_p(typeof(((struct dma_iova_state *)0)->__size),
					   u64));

/* Map @nr pages for @dev the way an upstream driver does */
int upstream_map_pages(struct device *dev, struct dma_iova_state *state,
		       phys_addr_t *phys, dma_addr_t *addrs, int nr);
int upstream_map_pages(struct device *dev, struct dma_iova_state *state,
		       phys_addr_t *phys, dma_addr_t *addrs, int nr)
{
	size_t mapped = 0;
	int i, ret;

	if (!dma_iova_try_alloc(dev, state, phys[0], nr * PAGE_SIZE)) {
		for (i = 0; i < nr; i++) {
			addrs[i] = dma_map_phys(dev, phys[i], PAGE_SIZE,
						DMA_TO_DEVICE, 0);
			if (dma_mapping_error(dev, addrs[i]))
				goto err_unmap_phys;
		}
		return 0;
	}

	for (i = 0; i < nr; i++) {
		ret = dma_iova_link(dev, state, phys[i], mapped, PAGE_SIZE,
				    DMA_TO_DEVICE, 0);
		if (ret)
			goto err_destroy;
		mapped += PAGE_SIZE;
	}
	ret = dma_iova_sync(dev, state, 0, mapped);
	if (ret)
		goto err_destroy;
	addrs[0] = state->addr;
	return 0;

err_destroy:
	dma_iova_destroy(dev, state, mapped, DMA_TO_DEVICE, 0);
	return ret;
err_unmap_phys:
	while (i--)
		if (dma_need_unmap(dev))
			dma_unmap_phys(dev, addrs[i], PAGE_SIZE, DMA_TO_DEVICE,
				       0);
	return -ENOMEM;
}
EXPORT_SYMBOL_GPL(upstream_map_pages);

void upstream_unmap_pages(struct device *dev, struct dma_iova_state *state,
			  size_t len);
void upstream_unmap_pages(struct device *dev, struct dma_iova_state *state,
			  size_t len)
{
	if (!dma_use_iova(state))
		return;
	dma_iova_unlink(dev, state, 0, len, DMA_TO_DEVICE, 0);
	dma_iova_free(dev, state);
	WARN_ON(dma_iova_size(state));
}
EXPORT_SYMBOL_GPL(upstream_unmap_pages);

/*
 * Link pinned user pages that the device shares with userspace while they
 * are mapped, as an upstream RDMA driver does (v7.0's
 * DMA_ATTR_REQUIRE_COHERENT): no bounce and no sync, or no mapping.
 */
int upstream_link_user_page(struct device *dev, struct dma_iova_state *state,
			    phys_addr_t phys, size_t offset);
int upstream_link_user_page(struct device *dev, struct dma_iova_state *state,
			    phys_addr_t phys, size_t offset)
{
	return dma_iova_link(dev, state, phys, offset, PAGE_SIZE,
			     DMA_BIDIRECTIONAL, DMA_ATTR_REQUIRE_COHERENT);
}
EXPORT_SYMBOL_GPL(upstream_link_user_page);

MODULE_DESCRIPTION("Build check: the upstream dma_iova_* API");
MODULE_LICENSE("GPL");

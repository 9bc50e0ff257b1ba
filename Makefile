# devsec series harness.  README.md says what each target does.
S := scripts

.PHONY: help tree export export-check kunit guest selftest lint bisect-check \
	demo test bench-dma bench-tsm stress clean

help:
	@echo "make demo          build what is missing, boot the guest, walk through the series"
	@echo "make test          lint + kunit + selftest, with a pass/fail summary"
	@echo "make tree          install packages, unpack the base into build/linux, apply patches/"
	@echo "make export        write build/linux's commits to patches/"
	@echo "make export-check  fail if build/linux holds work that patches/ does not"
	@echo "make kunit         KUnit suites under QEMU (q35, intel-iommu, edu)"
	@echo "make selftest      debug guest kernel, kselftests and log checks under QEMU"
	@echo "make lint          checkpatch, apply, sparse, W=1, kernel-doc, export round-trip"
	@echo "make bisect-check  build the guest config at every patch"
	@echo "make bench-dma     map_benchmark: IOVA path vs dma_map_page/dma_map_sg (strict, lazy)"
	@echo "make bench-tsm     connect+lock of 16 devices: parallel vs serial vs one, per message latency"
	@echo "make stress        the full fault sweeps that make test runs light (not in make test)"
	@echo "make clean         remove build outputs (keeps build/linux and ccache)"

tree:
	@$(S)/tree.sh

export:
	@$(S)/export.sh write

export-check:
	@$(S)/export.sh check

kunit:
	@$(S)/kunit.sh

guest:
	@$(S)/guest-build.sh

selftest:
	@$(S)/selftest.sh

lint:
	@$(S)/lint.sh

bisect-check:
	@$(S)/bisect-check.sh

demo:
	@$(S)/demo.sh

test:
	@$(S)/test.sh

bench-dma:
	@$(S)/bench-dma.sh

bench-tsm:
	@$(S)/bench-tsm.sh

stress:
	@$(S)/stress.sh

clean:
	rm -rf build/guest build/kunit build/lint build/bisect build/bench build/bench-tsm build/initramfs build/results build/tools

//! Real sources: fixtures of every format, and the live files of this machine.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use health_monitor::{
    CgroupMemory, CgroupSource, CgroupVersion, Error, Meminfo, MeminfoSource, NvmlSource,
    PressureSource, PsiSnapshot, PsiSource, Reading, RssSource, read_rss_bytes,
};

const MIB: u64 = 1 << 20;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

#[test]
fn rss_rises_when_512_mib_are_allocated_and_touched() {
    let before = read_rss_bytes().unwrap();
    let mut block = vec![0_u8; 512 << 20];
    // Touch every page, so the memory is resident and not just reserved.
    for page in block.chunks_mut(4096) {
        page[0] = 1;
    }
    black_box(&block);
    let during = read_rss_bytes().unwrap();
    let mut source = RssSource::new();
    let Reading::Usage { used, total } = source.sample(Duration::ZERO) else {
        panic!("RSS should be readable here")
    };
    drop(block);
    assert!(
        during >= before + 480 * MIB,
        "RSS went from {} MiB to {} MiB",
        before / MIB,
        during / MIB
    );
    assert!(used >= 480 * MIB, "{used}");
    assert_eq!(total, Meminfo::read().unwrap().total);
}

#[test]
fn cgroup_v2_fixture_takes_the_tightest_limit_and_the_working_set() {
    let source = CgroupSource::detect_in(&fixture("cgroup-v2")).unwrap();
    assert_eq!(source.version(), CgroupVersion::V2);
    assert!(
        source
            .dir()
            .ends_with("sys/fs/cgroup/user.slice/app.service")
    );
    let memory = source.read().unwrap();
    assert_eq!(
        memory,
        CgroupMemory {
            usage: 1536 * MIB,
            limit: Some(1792 * MIB), // the parent's limit is tighter than the group's
            inactive_file: 256 * MIB,
        }
    );
    let mut source = source;
    assert_eq!(
        source.sample(Duration::ZERO),
        Reading::usage(1280 * MIB, 1792 * MIB)
    );
    assert_eq!(source.name(), "cgroup-v2");
}

#[test]
fn cgroup_v1_fixture_in_a_container() {
    let mut source = CgroupSource::detect_in(&fixture("cgroup-v1")).unwrap();
    assert_eq!(source.version(), CgroupVersion::V1);
    // The mount's root is the container's group, so the group is the mount point itself.
    assert!(source.dir().ends_with("sys/fs/cgroup/memory"));
    let memory = source.read().unwrap();
    assert_eq!(memory.limit, Some(3 * 1024 * MIB));
    assert_eq!(
        memory.inactive_file,
        512 * MIB,
        "the hierarchical total_ value"
    );
    assert_eq!(
        source.sample(Duration::ZERO),
        Reading::usage(2048 * MIB, 3072 * MIB)
    );
    assert_eq!(source.name(), "cgroup-v1");
}

#[test]
fn cgroup_hybrid_fixture_falls_back_to_v1_and_reports_no_limit() {
    let mut source = CgroupSource::detect_in(&fixture("cgroup-hybrid")).unwrap();
    assert_eq!(source.version(), CgroupVersion::V1);
    assert!(source.dir().ends_with("memory/process_api/06a0"));
    assert_eq!(source.read().unwrap().limit, None);
    let reading = source.sample(Duration::ZERO);
    assert!(
        matches!(&reading, Reading::Unavailable { reason } if reason.contains("no memory limit")),
        "{reading:?}"
    );
}

#[test]
fn cgroup_namespaced_fixture_reads_the_mount_point() {
    let mut source = CgroupSource::detect_in(&fixture("cgroup-namespaced")).unwrap();
    assert_eq!(source.version(), CgroupVersion::V2);
    assert_eq!(
        source.sample(Duration::ZERO),
        Reading::usage(496 * MIB, 512 * MIB)
    );
}

#[test]
fn no_cgroup_is_an_error_not_a_panic() {
    let err = CgroupSource::detect_in(&fixture("none")).unwrap_err();
    assert!(matches!(err, Error::NoCgroup { .. }), "{err}");
    let err = CgroupSource::detect_in(&fixture("missing")).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err}");
    let mut explicit = CgroupSource::v2(fixture("missing"));
    assert!(!explicit.sample(Duration::ZERO).is_available());
}

#[test]
fn cgroup_live_files_where_present() {
    match CgroupSource::detect() {
        Ok(mut source) => {
            let memory = source.read().unwrap();
            assert!(memory.usage > 0, "{memory:?}");
            match source.sample(Duration::ZERO) {
                Reading::Usage { used, total } => assert!(used <= memory.usage && total > 0),
                Reading::Unavailable { reason } => {
                    assert!(reason.contains("no memory limit"), "{reason}");
                }
                Reading::Fraction { .. } => panic!("cgroups report bytes"),
            }
            // An explicit source on the same directory reads the same files.
            let explicit = match source.version() {
                CgroupVersion::V1 => CgroupSource::v1(source.dir()),
                CgroupVersion::V2 => CgroupSource::v2(source.dir()),
            };
            assert!(explicit.read().unwrap().usage > 0);
        }
        Err(Error::NoCgroup { reason }) => eprintln!("no cgroup memory controller here: {reason}"),
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn psi_fixture_and_live_file() {
    let psi = PsiSnapshot::read_from(&fixture("proc/pressure-memory")).unwrap();
    assert!((psi.some.avg10 - 12.5).abs() < 1e-9);
    assert_eq!(psi.some.total_us, 48_213_377);
    assert!((psi.full.unwrap().avg300 - 0.25).abs() < 1e-9);
    let mut source = PsiSource::from_path(fixture("proc/pressure-memory"));
    assert_eq!(
        source.sample(Duration::ZERO),
        Reading::Fraction { value: 0.125 }
    );
    let level = source.default_thresholds().classify(0.125);
    assert_eq!(level, managed_service::PressureLevel::Warning);

    // A cgroup v2 group's memory.pressure has the same format.
    let cgroup = PsiSnapshot::read_from(&fixture(
        "cgroup-hybrid/sys/fs/cgroup/unified/memory.pressure",
    ));
    assert!(cgroup.is_ok());

    let live = Path::new("/proc/pressure/memory");
    let mut source = PsiSource::new();
    let reading = source.sample(Duration::ZERO);
    if live.exists() {
        let value = reading.fraction().expect("PSI is readable here");
        assert!((0.0..=1.0).contains(&value));
    } else {
        assert!(!reading.is_available());
    }
}

#[test]
fn meminfo_fixture_and_live_file() {
    let info = Meminfo::read_from(&fixture("proc/meminfo")).unwrap();
    assert_eq!(info.total, 24_683_656 * 1024);
    assert_eq!(info.used(), (24_683_656 - 23_908_080) * 1024);
    let mut source = MeminfoSource::from_path(fixture("proc/meminfo"));
    assert_eq!(
        source
            .sample(Duration::ZERO)
            .fraction()
            .map(|f| (f * 1000.0).round()),
        Some(31.0)
    );

    let live = Meminfo::read().unwrap();
    assert!(live.total > 0 && live.available <= live.total);
}

#[test]
fn missing_nvml_is_unavailable_never_a_panic() {
    let mut absent = NvmlSource::with_library(0, Path::new("libnvidia-ml-does-not-exist.so.1"));
    assert!(!absent.is_available());
    let reading = absent.sample(Duration::ZERO);
    assert!(
        matches!(&reading, Reading::Unavailable { reason } if reason.contains("NVML unavailable"))
    );

    // The system's NVML: present on GPU hosts, missing here; either way no panic.
    let mut system = NvmlSource::new(0);
    let reading = system.sample(Duration::ZERO);
    if system.is_available() {
        if let Reading::Usage { used, total } = reading {
            assert!(used <= total);
        }
    } else {
        eprintln!("{}", system.unavailable_reason().unwrap());
        assert!(!reading.is_available());
    }
}

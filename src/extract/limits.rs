//! The hard limits of a reader process, set in the child between `fork` and `exec`, so
//! they hold from its first instruction and cannot be lifted by anything it reads.

/// Limits for one reader.
#[derive(Debug, Clone, Copy)]
pub struct ChildLimits {
    /// Address space (`RLIMIT_AS`): allocations past it fail and the reader aborts.
    pub memory_bytes: u64,
    /// Wall-clock deadline kept by the parent; CPU time (`RLIMIT_CPU`) is held to the same
    /// number of seconds, so a reader whose parent is gone still stops.
    pub seconds: u64,
}

/// Descriptors a reader may hold: its three standard streams, the copy of standard output
/// it answers on, and a few for the dynamic loader.
const MAX_FILES: u64 = 16;

impl ChildLimits {
    /// Makes `cmd` start its process under these limits.
    pub fn apply(&self, cmd: &mut tokio::process::Command) {
        let limits = *self;
        // SAFETY: the closure runs in the forked child before exec and only calls
        // setrlimit, which is async-signal-safe; it allocates nothing.
        unsafe {
            cmd.pre_exec(move || limits.set());
        }
    }

    fn set(&self) -> std::io::Result<()> {
        set(libc::RLIMIT_AS, self.memory_bytes, self.memory_bytes)?;
        // SIGXCPU at the soft limit, SIGKILL a second later.
        set(libc::RLIMIT_CPU, self.seconds, self.seconds + 1)?;
        // No file may be written (pipes are not files), and no core dump left behind.
        set(libc::RLIMIT_FSIZE, 0, 0)?;
        set(libc::RLIMIT_CORE, 0, 0)?;
        set(libc::RLIMIT_NOFILE, MAX_FILES, MAX_FILES)?;
        Ok(())
    }
}

#[cfg(target_os = "linux")]
type Resource = libc::__rlimit_resource_t;
#[cfg(not(target_os = "linux"))]
type Resource = libc::c_int;

fn set(resource: Resource, soft: u64, hard: u64) -> std::io::Result<()> {
    let lim = libc::rlimit {
        rlim_cur: soft as libc::rlim_t,
        rlim_max: hard as libc::rlim_t,
    };
    // SAFETY: a valid pointer to a local struct.
    if unsafe { libc::setrlimit(resource, &lim) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

//! [`CachePadded`]: a value alone on its cache line.

/// A value alone on its cache line (128 bytes: x86 fetches lines in pairs), so that writes
/// by one thread to its neighbours do not slow another thread that uses it.
#[derive(Debug, Default)]
#[repr(align(128))]
pub(crate) struct CachePadded<T>(pub(crate) T);

impl<T> std::ops::Deref for CachePadded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

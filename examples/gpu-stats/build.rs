//! Generates the Rust side of every spec in `specs/` into `OUT_DIR` (see specgen.toml).

fn main() -> Result<(), specgen_build::Error> {
    specgen_build::Builder::new().compile()?;
    Ok(())
}

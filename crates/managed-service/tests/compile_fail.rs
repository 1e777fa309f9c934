//! Compile-time enforcement of the service contract on specgen's generated code.
//!
//! The UI cases mount the generated `gpu/stats` wire types and handler from the golden files
//! (tests/goldens at the repository root, kept equal to the generator's output by the
//! golden tests) and check, with trybuild, that the compiler refuses what the contract
//! forbids — and says which trait is missing.

#[test]
#[cfg(feature = "serde")] // the generated routing decodes params with `decode_params`
fn a_handler_without_managed_service_does_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/handler_without_managed_service.rs");
}

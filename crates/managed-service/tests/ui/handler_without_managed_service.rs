// A service that implements the generated handler trait but not ManagedService.
#[path = "../../../../tests/goldens/examples/rust/gpu_stats/wire.rs"]
mod wire;
#[path = "../../../../tests/goldens/examples/rust/gpu_stats/handler.rs"]
mod handler;

use handler::GpuStatsHandler;
use managed_service::CommandError;
use wire::{GpuStatsParams, GpuStatsResult};

struct ForgetfulService;

impl GpuStatsHandler for ForgetfulService {
    fn gpu_stats(&self, _params: GpuStatsParams) -> Result<GpuStatsResult, CommandError> {
        Err(CommandError::not_implemented(handler::COMMAND))
    }
}

fn main() {}

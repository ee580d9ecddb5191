//! What people see, built from the domain's state in the data shapes of `model`: the
//! learner's progress projected on the device from their last snapshot and outbox (the same
//! rows the server builds), and their badges. The layer above `domain` and `model`.

pub mod badges;
pub mod projection;

//! `/profile`: account facts, personal details and address, the password, and the devices a
//! desktop app signed in from; `/device`: approving a desktop app's sign-in.

mod device;
mod devices;
mod page;

pub use device::DeviceSignInPage;
pub use page::ProfilePage;

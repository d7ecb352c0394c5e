//! What every command starts from: the configuration directory and the server the user chose,
//! and the rule that picks the server and the stored sign-in.

use std::path::PathBuf;

use crate::client::Client;
use crate::config::{self, Credentials};
use crate::exit::Failure;

pub struct Context {
    pub config_dir: PathBuf,
    /// `--server` or `SEATWISE_SERVER`, already normalised by [`config::parse_server`].
    pub server_flag: Option<String>,
}

impl Context {
    /// The stored sign-in, if any.
    pub fn credentials(&self) -> Result<Option<Credentials>, Failure> {
        config::load(&self.config_dir).map_err(Failure::local)
    }

    /// The server to sign in to: the one named, else the one signed in to before, else
    /// [`config::DEFAULT_SERVER`].
    pub fn server_for_login(&self) -> Result<String, Failure> {
        if let Some(server) = &self.server_flag {
            return Ok(server.clone());
        }
        Ok(self
            .credentials()?
            .map_or_else(|| config::DEFAULT_SERVER.to_owned(), |c| c.server))
    }

    /// The stored sign-in, refusing when the user named another server than the one it is
    /// for: the token must never be sent to a server that did not issue it.
    pub fn signed_in(&self) -> Result<Credentials, Failure> {
        let credentials = self.credentials()?.ok_or_else(Failure::not_signed_in)?;
        match &self.server_flag {
            Some(server) if *server != credentials.server => Err(Failure::new(
                crate::exit::Exit::NotSignedIn,
                format!(
                    "not signed in to {server} (this device is signed in to {}); run `seatwise login --server {server}`",
                    credentials.server
                ),
            )),
            _ => Ok(credentials),
        }
    }

    /// The stored sign-in and a client that sends its token to its server.
    pub fn signed_in_client(&self) -> Result<(Credentials, Client), Failure> {
        let credentials = self.signed_in()?;
        let client = Client::new(&credentials.server, Some(credentials.access_token.clone()))?;
        Ok((credentials, client))
    }
}

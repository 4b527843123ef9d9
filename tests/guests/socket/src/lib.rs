//! Links `wasi:sockets` by opening a connection; the host must refuse to load it.

use agentops_skill_sdk::prelude::*;

struct Socket;

impl Skill for Socket {
    fn run(_request: Request) -> Result<Outcome, SkillError> {
        match std::net::TcpStream::connect("127.0.0.1:9") {
            Ok(_) => Ok(Outcome::pass().message("connected")),
            Err(e) => Err(denied(format!("connect: {e}"))),
        }
    }
}

agentops_skill_sdk::export_skill!(Socket);

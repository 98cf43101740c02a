//! A private Redis Stack server (RediSearch loaded) on a free port, for tests that kill and
//! restart it (outages) without touching the stack's shared instance.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A private Redis on a free port, killed and restarted at will.
pub struct PrivateRedis {
    pub port: u16,
    child: Option<Child>,
}

impl PrivateRedis {
    pub fn start_on(port: u16) -> Self {
        let command = Command::new("scripts/stack.sh").arg("redis-command").output().expect("stack.sh");
        let command = String::from_utf8(command.stdout).unwrap();
        let child = Command::new("bash")
            .arg("-c")
            .arg(format!("exec {} --bind 127.0.0.1 --port {port} --save '' --appendonly no", command.trim()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = super::deadline(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "private redis did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Self { port, child: Some(child) }
    }

    pub fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        Self::start_on(port)
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for PrivateRedis {
    fn drop(&mut self) {
        self.kill();
    }
}

use std::io::Result as IoResult;
use std::io::{Read, Write};
use std::net::Shutdown;

use crate::serve::tiny_http::connection::Connection;

pub struct RefinedTcpStream {
    stream: Connection,
    close_read: bool,
    close_write: bool,
}

impl RefinedTcpStream {
    /// ownbook patch: fails instead of panicking when the socket cannot be split,
    /// which takes a second file descriptor (there may be none left).
    pub(crate) fn new(stream: Connection) -> IoResult<(RefinedTcpStream, RefinedTcpStream)> {
        let (read, write) = (stream.try_clone()?, stream);

        let read = RefinedTcpStream {
            stream: read,
            close_read: true,
            close_write: false,
        };

        let write = RefinedTcpStream {
            stream: write,
            close_read: false,
            close_write: true,
        };

        Ok((read, write))
    }
}

impl Drop for RefinedTcpStream {
    fn drop(&mut self) {
        if self.close_read {
            self.stream.shutdown(Shutdown::Read).ok();
        }

        if self.close_write {
            self.stream.shutdown(Shutdown::Write).ok();
        }
    }
}

impl Read for RefinedTcpStream {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        self.stream.read(buf)
    }
}

impl Write for RefinedTcpStream {
    fn write(&mut self, buf: &[u8]) -> IoResult<usize> {
        self.stream.write(buf)
    }

    fn flush(&mut self) -> IoResult<()> {
        self.stream.flush()
    }
}

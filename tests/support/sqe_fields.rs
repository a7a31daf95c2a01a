//! Every field of a submission entry, read through its getters, for tests
//! that compare whole entries (included by the prep test helpers).
#![allow(dead_code)]

use riouring::SubmissionQueueEntry;

/// Every field of an SQE, as the getters report them.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SqeFields {
    pub opcode: u8,
    pub flags: u8,
    pub ioprio: u16,
    pub fd: i32,
    pub off: u64,
    pub addr: u64,
    pub len: u32,
    pub op_flags: u32,
    pub user_data: u64,
    pub buf_index: u16,
    pub personality: u16,
    pub file_index: u32,
    pub addr3: u64,
    pub pad2: u64,
}

/// Read every field of `sqe` through its getters.
pub fn fields(sqe: &SubmissionQueueEntry) -> SqeFields {
    SqeFields {
        opcode: sqe.opcode(),
        flags: sqe.flags(),
        ioprio: sqe.ioprio(),
        fd: sqe.fd(),
        off: sqe.off(),
        addr: sqe.addr(),
        len: sqe.len(),
        op_flags: sqe.op_flags(),
        user_data: sqe.user_data(),
        buf_index: sqe.buf_index(),
        personality: sqe.personality(),
        file_index: sqe.file_index(),
        addr3: sqe.addr3(),
        pad2: sqe.pad2(),
    }
}

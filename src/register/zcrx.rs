//! Registration: zcrx.

"""Documents (文书): templates as data, drafts created by transitions, 签发 with a 文号 and a PDF."""

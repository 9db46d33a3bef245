-- Opens one Go file in headless Neovim with the gopls build attached through
-- Neovim's built-in LSP client, waits for ctxtimeout's diagnostics and
-- writes them, one per line, to $NVIM_TEST_OUT. Inputs (environment):
--   NVIM_TEST_GOPLS    the gopls binary
--   NVIM_TEST_ROOT     the workspace root
--   NVIM_TEST_FILE     the file to open, relative to the root
--   NVIM_TEST_INIT     gopls initializationOptions as JSON ("{}" for none)
--   NVIM_TEST_OUT      where to write the result
-- Works with Neovim 0.7 (Debian bookworm) and later.
local checks = { hardcodedtimeout = true, deadlinereplace = true, timeoutflow = true }
local root = vim.env.NVIM_TEST_ROOT
vim.cmd('cd ' .. vim.fn.fnameescape(root))
local id = vim.lsp.start_client({
  name = 'gopls',
  cmd = { vim.env.NVIM_TEST_GOPLS },
  root_dir = root,
  init_options = vim.fn.json_decode(vim.env.NVIM_TEST_INIT),
})
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.NVIM_TEST_FILE))
vim.lsp.buf_attach_client(0, id)

local function ours()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if checks[d.source or ''] then
      table.insert(out, string.format('%s:%d:%d: %s (%s)', vim.env.NVIM_TEST_FILE, d.lnum + 1, d.col + 1, d.message, d.source))
    end
  end
  table.sort(out)
  return out
end

local found = vim.wait(120000, function() return #ours() > 0 end, 100)
local lines = ours()
if not found then
  lines = { 'TIMEOUT: no ctxtimeout diagnostic within 120s' }
end
vim.fn.writefile(lines, vim.env.NVIM_TEST_OUT)
vim.lsp.stop_client(id)
vim.cmd('qa!')

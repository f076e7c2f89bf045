-- Commands and default highlights only; nothing starts until require('gloss').setup() (or vim.lsp.enable('gloss') on 0.11+).
if vim.g.loaded_gloss then
  return
end
vim.g.loaded_gloss = true

-- Colours for the server's semantic tokens (overridable; see lua/gloss/highlights.lua).
require('gloss.highlights').setup()

vim.api.nvim_create_user_command('GlossRestart', function()
  require('gloss').restart()
end, { desc = 'Restart the Gloss language server' })

vim.api.nvim_create_user_command('GlossStart', function()
  local gloss = require('gloss')
  if vim.lsp.config and vim.lsp.enable and not gloss.options.legacy then
    vim.lsp.enable('gloss')
  else
    gloss.start(0)
  end
end, { desc = 'Start the Gloss language server for this buffer' })

vim.api.nvim_create_user_command('GlossLog', function()
  vim.cmd.tabnew(vim.lsp.get_log_path())
end, { desc = 'Open the LSP log (Gloss writes to it with GLOSS_LOG=debug)' })

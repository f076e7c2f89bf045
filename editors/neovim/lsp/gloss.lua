-- Neovim 0.11+ LSP config, found on 'runtimepath' by vim.lsp.enable('gloss').
-- Settings given to require('gloss').setup({...}) are included; without setup() these are the defaults.
return require('gloss').lsp_config()

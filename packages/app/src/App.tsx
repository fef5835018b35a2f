import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';

// Plugins are discovered from package.json dependencies (app.packages: all in app-config.yaml);
// only the catalog is listed here because its alpha entry point is not the package default.
export default createApp({
  features: [catalogPlugin, navModule],
});
